package org.jsupervisor.ctl.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.Namespec;
import org.jsupervisor.ctl.StatusFormatter;

/** {@code status [name...]}: one line per process; exit 3 if any listed one is stopped, 4 for bad names. */
public final class StatusCommand implements Command {
  private static final List<Integer> STOPPED_STATES = List.of(0, 100, 200, 1000); // STOPPED EXITED FATAL UNKNOWN

  @Override
  public String name() {
    return "status";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    if (!ctl.upcheck()) {
      ctl.setExitStatus(ExitStatus.STATUS_UNKNOWN);
      return false;
    }
    List<Map<String, Object>> all = ctl.allProcessInfo();
    List<String> names = Args.split(arg);
    List<Map<String, Object>> matching;
    if (names.isEmpty() || names.contains("all")) {
      matching = all;
    } else {
      matching = new ArrayList<>();
      for (String name : names) {
        Namespec spec = Namespec.parse(name);
        boolean found = false;
        for (var info : all) {
          boolean matched = spec.group().equals(info.get("group"))
              && (spec.process() == null || spec.process().equals(info.get("name")));
          if (matched) {
            found = true;
            matching.add(info);
          }
        }
        if (!found) {
          ctl.output(spec.isGroup() ? spec.group() + ": ERROR (no such group)" : name + ": ERROR (no such process)");
          ctl.setExitStatus(ExitStatus.STATUS_UNKNOWN);
        }
      }
    }
    StatusFormatter.statusLines(matching).forEach(ctl::output);
    for (var info : matching) {
      if (STOPPED_STATES.contains(((Number) info.get("state")).intValue())) {
        ctl.setExitStatus(ExitStatus.STATUS_NOT_RUNNING);
      }
    }
    return false;
  }

  @Override
  public String help() {
    return "status <name>\t\tGet status for a single process\n"
        + "status <gname>:*\tGet status for all processes in a group\n"
        + "status <name> <name>\tGet status for multiple named processes\n"
        + "status\t\t\tGet all process status info";
  }
}
