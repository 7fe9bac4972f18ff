package org.jsupervisor.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code [supervisord]} with supervisord's defaults; its options see {@code here} and {@code ENV_*}. */
final class SupervisordSection {
  private final LoadEnvironment host;
  private final Map<String, String> envNames;
  private final List<ConfigProblem> problems;

  SupervisordSection(LoadEnvironment host, Map<String, String> envNames, List<ConfigProblem> problems) {
    this.host = host;
    this.envNames = envNames;
    this.problems = problems;
  }

  SupervisordConfig read(IniSection section) {
    var r = new OptionReader(section, envNames, true, problems);
    Map<String, String> env = host.env();
    int minfds = r.integer("minfds", 1024);
    int minprocs = r.integer("minprocs", 200);
    Optional<String> directory = r.optional("directory", v -> Values.existingDirectory(v, env, host.cwd()));
    Optional<UserId> user = r.optional("user", Users::user);
    int umask = r.get("umask", 022, Values::octal);
    String logfile = r.get("logfile", "supervisord.log", v -> Values.existingDirpath(v, env, host.cwd()));
    if (!logfile.equals("syslog")) {
      logfile = Values.normalizePath(logfile, env, host.cwd());
    }
    long logfileMaxBytes = r.byteSize("logfile_maxbytes", 50L * 1024 * 1024);
    int logfileBackups = r.integer("logfile_backups", 10);
    LogLevel loglevel = r.get("loglevel", LogLevel.INFO, Values::loglevel);
    String pidfile = Values.normalizePath(
        r.get("pidfile", "supervisord.pid", v -> Values.existingDirpath(v, env, host.cwd())), env, host.cwd());
    String identifier = r.string("identifier", "supervisor");
    boolean nodaemon = r.bool("nodaemon", false);
    boolean silent = r.bool("silent", false);
    String childlogdir = Values.normalizePath(
        r.get("childlogdir", host.tempdir(), v -> Values.existingDirectory(v, env, host.cwd())), env, host.cwd());
    boolean nocleanup = r.bool("nocleanup", false);
    boolean stripAnsi = r.bool("strip_ansi", false);
    Map<String, String> environment = environment(r);
    return new SupervisordConfig(logfile, logfileMaxBytes, logfileBackups, loglevel, pidfile, umask, nodaemon,
        silent, minfds, minprocs, nocleanup, childlogdir, user, directory, stripAnsi, environment, identifier);
  }

  /**
   * supervisor 4.2.5 expands this value twice (so a literal {@code %} is written {@code %%%%});
   * we do the same, offering {@code host_node_name} in both passes so that it works as the
   * docs promise.
   */
  private Map<String, String> environment(OptionReader r) {
    var names = new HashMap<String, Object>(envNames);
    names.put("host_node_name", host.hostname());
    var withHost = r.withNames(names, true);
    Optional<IniValue> raw = r.raw("environment");
    if (raw.isEmpty()) {
      return Map.of();
    }
    Optional<String> once = withHost.string("environment");
    Optional<String> twice = once.flatMap(v -> withHost.expand("environment", raw.get(), v));
    if (twice.isEmpty()) {
      return Map.of();
    }
    try {
      return KeyValuePairs.parse(twice.get());
    } catch (InvalidValueException e) {
      r.problem("environment", e.getMessage());
      return Map.of();
    }
  }
}
