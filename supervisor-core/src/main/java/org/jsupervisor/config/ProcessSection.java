package org.jsupervisor.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jsupervisor.process.Signal;

/**
 * Turns one {@code [program:x]}, {@code [eventlistener:x]} or {@code [fcgi-program:x]} section
 * into its processes ({@code numprocs} of them), as supervisord's
 * {@code _processes_from_section} does, including which %-names each option may use: most
 * options see {@code here}, {@code host_node_name}, {@code program_name}, {@code group_name}
 * and {@code ENV_*}; {@code environment}, {@code directory}, the log options and
 * {@code command} also see {@code process_num}, {@code numprocs} and the section's own
 * environment as {@code ENV_*}.
 */
final class ProcessSection {
  /** A program's processes (numprocs) by name, as supervisord sorts them; all share a priority. */
  private static final Comparator<ProcessConfig> ORDER =
      Comparator.comparingInt(ProcessConfig::priority).thenComparing(ProcessConfig::name);

  private final LoadEnvironment host;
  private final Map<String, String> envNames;
  private final List<ConfigProblem> problems;
  private final List<String> warnings;

  /**
   * @param envNames the {@code ENV_*} names (process environment plus {@code [supervisord]
   *     environment})
   * @param warnings parse-time warnings are appended here (deduplicated by the caller)
   */
  ProcessSection(LoadEnvironment host, Map<String, String> envNames, List<ConfigProblem> problems, List<String> warnings) {
    this.host = host;
    this.envNames = envNames;
    this.problems = problems;
    this.warnings = warnings;
  }

  List<ProcessConfig> processes(IniSection section, String programName, String groupName) {
    var common = new HashMap<String, Object>(envNames);
    common.put("program_name", programName);
    common.put("host_node_name", host.hostname());
    common.put("group_name", groupName);
    var r = new OptionReader(section, common, true, problems);
    String sec = section.name();

    int priority = r.integer("priority", 999);
    boolean autostart = r.bool("autostart", true);
    AutoRestart autorestart = r.get("autorestart", AutoRestart.UNEXPECTED, Values::autorestart);
    int startsecs = r.integer("startsecs", 1);
    int startretries = r.integer("startretries", 3);
    Signal stopsignal = r.get("stopsignal", Signal.TERM, Values::signal);
    int stopwaitsecs = r.integer("stopwaitsecs", 10);
    boolean stopasgroup = r.bool("stopasgroup", false);
    boolean killasgroup = r.bool("killasgroup", stopasgroup);
    List<Integer> exitcodes = r.get("exitcodes", List.of(0), Values::exitcodes);
    boolean redirectStderr = r.bool("redirect_stderr", false);
    int numprocs = r.integer("numprocs", 1);
    int numprocsStart = r.integer("numprocs_start", 0);
    long stdoutCapture = r.byteSize("stdout_capture_maxbytes", 0);
    boolean stdoutEvents = r.bool("stdout_events_enabled", false);
    long stderrCapture = r.byteSize("stderr_capture_maxbytes", 0);
    boolean stderrEvents = r.bool("stderr_events_enabled", false);
    // AUTO means unset; an empty value is kept, as supervisord keeps it (no variable at all).
    Optional<String> serverurl = r.string("serverurl")
        .filter(url -> !url.strip().toUpperCase(Locale.ROOT).equals("AUTO"));
    Optional<UserId> user = r.optional("user", Users::user);
    OptionalInt umask = r.optional("umask", Values::octal).map(OptionalInt::of).orElse(OptionalInt.empty());

    // process_name is checked before expansion, as supervisord checks it.
    IniValue rawName = r.raw("process_name").orElse(null);
    String processName = rawName == null ? "%(program_name)s" : rawName.text();
    boolean nameOk = true;
    try {
      processName = Values.name(processName);
    } catch (InvalidValueException e) {
      problems.add(r.problemAt("process_name", rawName, e.getMessage()));
      nameOk = false;
    }
    if (numprocs > 1 && !processName.contains("%(process_num)")) {
      r.problem(rawName != null ? "process_name" : "numprocs",
          "%(process_num) must be present within process_name when numprocs > 1");
      nameOk = false;
    }
    if (stopasgroup && !killasgroup) {
      r.problem("killasgroup", "Cannot set stopasgroup=true and killasgroup=false");
    }
    if (!r.has("command")) {
      problems.add(section.problem("command", "program section " + sec + " does not specify a command"));
    }

    var processes = new ArrayList<ProcessConfig>();
    for (int num = numprocsStart; num < numprocsStart + numprocs; num++) {
      var names = new HashMap<String, Object>(common);
      names.put("process_num", num);
      names.put("numprocs", numprocs);
      var pr = r.withNames(names, true);
      Map<String, String> environment = pr.get("environment", Map.of(), KeyValuePairs::parse);
      // The section's own environment is visible to its later options (fixture issue-1170b/c).
      environment.forEach((k, v) -> names.put("ENV_" + k, v));
      pr = r.withNames(names, true);

      Optional<String> directory = pr.string("directory");
      StreamLogConfig stdout = streamLog(pr, sec, "stdout", stdoutCapture, stdoutEvents);
      StreamLogConfig stderr = streamLog(pr, sec, "stderr", stderrCapture, stderrEvents);
      if (redirectStderr) {
        if (stderr.file() instanceof LogFile.Path) {
          warnings.add("For [" + sec + "], redirect_stderr=true but stderr_logfile has also been set to a"
              + " filename, the filename has been ignored");
        }
        stderr = new StreamLogConfig(LogFile.NONE, stderr.maxBytes(), stderr.backups(),
            stderr.captureMaxBytes(), stderr.eventsEnabled(), stderr.syslog());
      }
      Optional<String> command = pr.string("command");
      Optional<String> name = nameOk ? pr.expand("process_name",
          rawName != null ? rawName : new IniValue(processName, section.file(), section.line()), processName)
          : Optional.empty();
      if (command.isEmpty() || name.isEmpty()) {
        continue;
      }
      processes.add(new ProcessConfig(name.get(), programName, sec, command.get(), num, priority, autostart,
          startsecs, startretries, autorestart, exitcodes, stopsignal, stopwaitsecs, stopasgroup, killasgroup,
          user, redirectStderr, stdout, stderr, environment, directory, umask, serverurl));
    }
    processes.sort(ORDER);
    return List.copyOf(processes);
  }

  private StreamLogConfig streamLog(OptionReader r, String sec, String stream, long capture, boolean events) {
    String key = stream + "_logfile";
    LogFile file = LogFile.AUTO;
    boolean deprecatedSyslog = false;
    Optional<String> value = r.string(key);
    if (value.isPresent()) {
      Optional<Values.LogKeyword> keyword = Values.logKeyword(value.get());
      if (keyword.isPresent()) {
        switch (keyword.get()) {
          case NONE -> file = LogFile.NONE;
          case AUTO -> file = LogFile.AUTO;
          case SYSLOG -> {
            file = LogFile.NONE;
            deprecatedSyslog = true;
          }
        }
      } else {
        try {
          file = new LogFile.Path(Values.existingDirpath(value.get(), host.env(), host.cwd()));
        } catch (InvalidValueException e) {
          r.problem(key, e.getMessage());
        }
      }
    }
    int backups = r.integer(stream + "_logfile_backups", 10);
    long maxBytes = r.byteSize(stream + "_logfile_maxbytes", 50L * 1024 * 1024);
    boolean syslog = r.bool(stream + "_syslog", false);
    if (deprecatedSyslog) {
      warnings.add("For [" + sec + "], " + key + "=syslog but this is deprecated and will be removed.  Use "
          + stream + "_syslog=true to enable syslog instead.");
      syslog = true;
    }
    if (file instanceof LogFile.Auto && maxBytes == 0) {
      warnings.add("For [" + sec + "], AUTO logging used for " + key + " without rollover, set maxbytes > 0"
          + " to avoid filling up filesystem unintentionally");
    }
    return new StreamLogConfig(file, maxBytes, backups, capture, events, syslog);
  }
}
