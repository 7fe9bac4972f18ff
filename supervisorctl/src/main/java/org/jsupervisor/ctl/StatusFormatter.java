package org.jsupervisor.ctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lays out {@code status} and {@code avail} lines in supervisorctl's exact columns. */
public final class StatusFormatter {
  private StatusFormatter() {}

  /**
   * One line per process: namespec padded to max(30, longest namespec) + 3, state name padded to
   * 10, then the description. Lines keep their trailing padding, as supervisorctl's do.
   */
  public static List<String> statusLines(List<Map<String, Object>> infos) {
    var namespecs = new ArrayList<String>();
    int width = 30;
    for (var info : infos) {
      String namespec = Namespec.make(str(info, "group"), str(info, "name"));
      namespecs.add(namespec);
      width = Math.max(width, PyFormat.len(namespec));
    }
    var lines = new ArrayList<String>();
    for (int i = 0; i < infos.size(); i++) {
      var info = infos.get(i);
      lines.add(PyFormat.left(namespecs.get(i), width + 3) + PyFormat.left(str(info, "statename"), 10)
          + str(info, "description"));
    }
    return lines;
  }

  /** {@code '%-32s %-9s %-9s %s' % (namespec, 'in use'|'avail', 'auto'|'manual', 'gprio:pprio')}. */
  public static String availLine(Map<String, Object> config) {
    String name = Namespec.make(str(config, "group"), str(config, "name"));
    String inuse = truthy(config.get("inuse")) ? "in use" : "avail";
    String auto = truthy(config.get("autostart")) ? "auto" : "manual";
    return PyFormat.left(name, 32) + " " + PyFormat.left(inuse, 9) + " " + PyFormat.left(auto, 9) + " "
        + config.get("group_prio") + ":" + config.get("process_prio");
  }

  static String str(Map<String, Object> map, String key) {
    Object value = map.get(key);
    return value == null ? "" : value.toString();
  }

  /** Python truthiness for the values XML-RPC can carry. */
  static boolean truthy(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (value instanceof String s) {
      return !s.isEmpty();
    }
    return value != null;
  }
}
