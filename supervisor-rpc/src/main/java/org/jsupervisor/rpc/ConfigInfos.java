package org.jsupervisor.rpc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsupervisor.config.GroupConfig;
import org.jsupervisor.config.LogFile;
import org.jsupervisor.config.ProcessConfig;
import org.jsupervisor.config.StreamLogConfig;
import java.nio.file.Path;
import org.jsupervisor.process.ManagedProcess;
import org.jsupervisor.process.Supervisor;

/** The structs of getAllConfigInfo, members in supervisord's order. */
final class ConfigInfos {
  private ConfigInfos() {}

  /**
   * One struct per process of {@code lastParsed} (the last parsed config), sorted by process
   * name. {@code inuse} says whether its group is active. An AUTO log shows the generated path
   * only when the active group was made from this very configuration object (initially loaded,
   * or added after the re-read), as supervisord, whose re-read configs say {@code auto}.
   */
  static List<Object> allConfigInfo(Supervisor s, org.jsupervisor.config.Config lastParsed) {
    var rows = new ArrayList<Map<String, Object>>();
    for (GroupConfig g : lastParsed.groups()) {
      var active = s.group(g.name());
      var sameObject = active.filter(ag -> ag.config() == g);
      for (ProcessConfig pc : g.processes()) {
        Optional<ManagedProcess> live = sameObject.flatMap(ag -> ag.processes().stream()
            .filter(p -> p.name().equals(pc.name())).findFirst());
        rows.add(configInfo(g, pc, active.isPresent(), live));
      }
    }
    rows.sort(Comparator.comparing(r -> (String) r.get("name")));
    return new ArrayList<>(rows);
  }

  private static Map<String, Object> configInfo(GroupConfig g, ProcessConfig pc, boolean inuse,
      Optional<ManagedProcess> live) {
    var m = new LinkedHashMap<String, Object>();
    m.put("autostart", pc.autostart());
    m.put("directory", pc.directory().orElse("none"));
    m.put("uid", pc.user().<Object>map(u -> u.uid()).orElse("none"));
    m.put("command", pc.command());
    m.put("exitcodes", List.copyOf(pc.exitcodes()));
    m.put("group", g.name());
    m.put("group_prio", g.priority());
    m.put("inuse", inuse);
    m.put("killasgroup", pc.killasgroup());
    m.put("name", pc.name());
    m.put("process_prio", pc.priority());
    m.put("redirect_stderr", pc.redirectStderr());
    m.put("startretries", pc.startretries());
    m.put("startsecs", pc.startsecs());
    stream(m, "stdout", pc.stdout(), live.flatMap(p -> p.logs().stdout().path()));
    m.put("stopsignal", pc.stopsignal().number());
    m.put("stopwaitsecs", pc.stopwaitsecs());
    stream(m, "stderr", pc.stderr(), live.flatMap(p -> p.logs().stderr().path()));
    // Unset and AUTO are both None in supervisord, which XML-RPC shows as 'none'.
    m.put("serverurl", pc.serverurl().orElse("none"));
    return m;
  }

  private static void stream(Map<String, Object> m, String ch, StreamLogConfig c,
      Optional<Path> live) {
    m.put(ch + "_capture_maxbytes", clamp(c.captureMaxBytes()));
    m.put(ch + "_events_enabled", c.eventsEnabled());
    m.put(ch + "_logfile", logfile(c.file(), live));
    m.put(ch + "_logfile_backups", c.backups());
    m.put(ch + "_logfile_maxbytes", clamp(c.maxBytes()));
    m.put(ch + "_syslog", c.syslog());
  }

  /** AUTO shows the generated path while the group is active, as in supervisord. */
  private static String logfile(LogFile f, Optional<Path> live) {
    if (f instanceof LogFile.Path p) {
      return p.path();
    }
    if (f instanceof LogFile.Auto) {
      return live.map(Path::toString).orElse("auto");
    }
    return "none";
  }

  private static int clamp(long v) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }
}
