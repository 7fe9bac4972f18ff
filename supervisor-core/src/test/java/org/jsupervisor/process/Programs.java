package org.jsupervisor.process;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jsupervisor.config.AutoRestart;
import org.jsupervisor.config.LogFile;
import org.jsupervisor.config.ProcessConfig;
import org.jsupervisor.config.StreamLogConfig;

/** A fluent builder of {@link ProcessConfig} with supervisord's defaults, for tests. */
final class Programs {
  private String name;
  private String command = "/bin/sh -c 'exec sleep 1000'";
  private int priority = 999;
  private boolean autostart = true;
  private int startsecs = 1;
  private int startretries = 3;
  private AutoRestart autorestart = AutoRestart.UNEXPECTED;
  private List<Integer> exitcodes = List.of(0);
  private Signal stopsignal = Signal.TERM;
  private int stopwaitsecs = 10;
  private boolean stopasgroup;
  private boolean killasgroup;
  private Map<String, String> environment = Map.of();
  private StreamLogConfig stdout = new StreamLogConfig(LogFile.NONE, 0, 0, 0, false, false);
  private StreamLogConfig stderr = new StreamLogConfig(LogFile.NONE, 0, 0, 0, false, false);
  private boolean redirectStderr;
  private Optional<String> directory = Optional.empty();
  private Optional<String> serverurl = Optional.empty();

  static Programs program(String name) {
    var p = new Programs();
    p.name = name;
    return p;
  }

  Programs command(String v) { command = v; return this; }
  Programs priority(int v) { priority = v; return this; }
  Programs autostart(boolean v) { autostart = v; return this; }
  Programs startsecs(int v) { startsecs = v; return this; }
  Programs startretries(int v) { startretries = v; return this; }
  Programs autorestart(AutoRestart v) { autorestart = v; return this; }
  Programs exitcodes(Integer... v) { exitcodes = List.of(v); return this; }
  Programs stopsignal(Signal v) { stopsignal = v; return this; }
  Programs stopwaitsecs(int v) { stopwaitsecs = v; return this; }
  Programs stopasgroup(boolean v) { stopasgroup = v; killasgroup = v; return this; }
  Programs killasgroup(boolean v) { killasgroup = v; return this; }
  Programs environment(Map<String, String> v) { environment = v; return this; }
  Programs stdoutLogfile(java.nio.file.Path v) { return stdout(new LogFile.Path(v.toString()), 0, 0); }
  Programs stdout(LogFile file, long maxBytes, int backups) {
    stdout = new StreamLogConfig(file, maxBytes, backups, 0, false, false);
    return this;
  }
  Programs stderr(LogFile file, long maxBytes, int backups) {
    stderr = new StreamLogConfig(file, maxBytes, backups, 0, false, false);
    return this;
  }
  Programs redirectStderr(boolean v) { redirectStderr = v; return this; }
  Programs directory(String v) { directory = Optional.of(v); return this; }
  Programs serverurl(String v) { serverurl = Optional.of(v); return this; }

  ProcessConfig build() {
    var out = stdout;
    // As the config loader does: with redirect_stderr there is no stderr log.
    var err = redirectStderr ? new StreamLogConfig(LogFile.NONE, 0, 0, 0, false, false) : stderr;
    return new ProcessConfig(name, name, "program:" + name, command, 0, priority, autostart,
        startsecs, startretries, autorestart, exitcodes, stopsignal, stopwaitsecs, stopasgroup,
        killasgroup, Optional.empty(), redirectStderr, out, err, environment, directory,
        OptionalInt.empty(), serverurl);
  }
}
