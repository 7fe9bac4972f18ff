package org.jsupervisor.rpc;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jsupervisor.loop.EventLoop;
import org.jsupervisor.process.Supervisor;

/**
 * The {@code supervisor.*} methods of supervisord 4.2.5's rpcinterface: same names, aliases,
 * argument counts, result shapes and faults.
 */
public final class SupervisorNamespace {
  public static final String API_VERSION = "3.0";
  public static final String SUPERVISOR_VERSION = "4.2.5";

  private final EngineAccess engine;
  private final SupervisorControl control;
  private final ProcessControl processes;
  private final LogMethods logs;
  private final Reconfiguration reconfiguration;
  private final ZoneId zone;

  /**
   * @param io runs blocking work (file reads) so that the loop thread never does
   */
  public SupervisorNamespace(EventLoop loop, Supervisor supervisor, SupervisorControl control,
      Executor io) {
    this.engine = new EngineAccess(loop, supervisor, io);
    this.control = control;
    this.processes = new ProcessControl(loop, supervisor);
    this.logs = new LogMethods(engine, control);
    this.reconfiguration = new Reconfiguration(engine, control);
    this.zone = ZoneId.systemDefault();
  }

  /**
   * The log file of {@code namespec}'s stdout or stderr, for {@code /logtail}; empty if the
   * process is unknown or has no such log. Works in every mood: supervisord serves tails while
   * it shuts down (its processes exist until it exits), so only after every process has
   * stopped, when the daemon is about to close its servers, is the answer empty.
   */
  public CompletableFuture<Optional<Path>> logPath(String namespec, boolean stderr) {
    return engine.callInAnyMood(() -> {
      try {
        var p = EngineAccess.process(engine.supervisor, namespec);
        return (stderr ? p.logs().stderr() : p.logs().stdout()).path();
      } catch (Fault f) {
        return Optional.empty();
      }
    }, Optional.empty());
  }

  /** The main log file, for {@code /mainlogtail}; empty when logging to syslog. Any mood. */
  public CompletableFuture<Optional<Path>> mainLogPath() {
    return engine.callInAnyMood(() -> LogMethods.mainLogPath(engine.supervisor),
        Optional.empty());
  }

  /** Adds every method to {@code d}. */
  public void registerIn(RpcDispatcher d) {
    m(d, "getAPIVersion", "Return the version of the RPC API used by supervisord.", 0,
        a -> engine.call(s -> API_VERSION), "string");
    m(d, "getVersion", "Alias of getAPIVersion (deprecated).", 0,
        a -> engine.call(s -> API_VERSION), "string");
    m(d, "getSupervisorVersion", "Return the version of the supervisor package in use.", 0,
        a -> engine.call(s -> SUPERVISOR_VERSION), "string");
    m(d, "getIdentification", "Return the identifier string of this supervisord.", 0,
        a -> engine.call(s -> s.config().supervisord().identifier()), "string");
    m(d, "getState", "Return supervisord's current state as {statecode, statename}.", 0,
        a -> engine.callWithMood(mood -> {
          var m = new LinkedHashMap<String, Object>();
          m.put("statecode", mood.code());
          m.put("statename", mood.name());
          return m;
        }), "struct");
    m(d, "getPID", "Return the pid of supervisord.", 0,
        a -> engine.call(s -> (int) ProcessHandle.current().pid()), "int");
    for (String name : List.of("readLog", "readMainLog")) {
      m(d, name, "Read length bytes from the main log starting at offset.", 2,
          a -> logs.readLog(Args.integer(a, 0), Args.integer(a, 1)), "string", "int", "int");
    }
    m(d, "clearLog", "Clear the main log.", 0, a -> logs.clearLog(), "boolean");
    m(d, "shutdown", "Shut down supervisord.", 0, a -> engine.call(s -> {
      control.shutdown();
      return true;
    }), "boolean");
    m(d, "restart", "Restart supervisord.", 0, a -> engine.call(s -> {
      control.restart();
      return true;
    }), "boolean");
    m(d, "reloadConfig", "Reload the configuration; returns [[added, changed, removed]] group "
        + "names. Applies nothing.", 0, a -> reconfiguration.reloadConfig(), "array");
    m(d, "addProcessGroup", "Update the config for a running process from config file.", 1,
        a -> engine.call(s -> reconfiguration.addProcessGroup(s, Args.string(a, 0))),
        "boolean", "string");
    m(d, "removeProcessGroup", "Remove a stopped process from the active configuration.", 1,
        a -> engine.call(s -> reconfiguration.removeProcessGroup(s, Args.string(a, 0))),
        "boolean", "string");
    m(d, "getProcessInfo", "Get info about the process named name.", 1,
        a -> engine.call(s -> ProcessInfo.of(EngineAccess.process(s, Args.string(a, 0)),
            s.clock().wallMillis(), zone)), "struct", "string");
    m(d, "getAllProcessInfo", "Get info about all processes, by group then name.", 0,
        a -> engine.call(this::snapshot).thenApply(SupervisorNamespace::lexical), "array");
    m(d, "getAllConfigInfo", "Get info about every configured process, by name.", 0,
        a -> engine.call(s -> ConfigInfos.allConfigInfo(s, reconfiguration.lastParsed(s))),
        "array");
    registerProcessControl(d);
    registerLogs(d);
    m(d, "sendProcessStdin", "Send a string of chars to the stdin of process name.", 2,
        a -> logs.sendProcessStdin(Args.string(a, 0), a.get(1)), "boolean", "string", "string");
    d.add(new RpcMethod("supervisor.sendRemoteCommEvent", List.of("boolean", "string", "string"),
        2, "Send an event that will be received by event listener subprocesses.",
        // Never SHUTDOWN_STATE, as in supervisord: not through engine.call.
        a -> {
          String type = Args.string(a, 0);
          String data = Args.string(a, 1);
          return engine.callInAnyMood(() -> {
            control.remoteCommunication(type, data);
            return true;
          }, true);
        }));
  }

  /** Loop thread: a copy of every process, nothing more (sorting and writing come later). */
  private List<ProcessInfo> snapshot(Supervisor s) {
    long now = s.clock().wallMillis();
    var all = new ArrayList<ProcessInfo>();
    for (var p : s.allProcesses()) {
      all.add(ProcessInfo.of(p, now, zone));
    }
    return all;
  }

  /** By group name, then process name, as getAllProcessInfo lists them. */
  private static List<ProcessInfo> lexical(List<ProcessInfo> all) {
    all.sort(Comparator.comparing(ProcessInfo::group).thenComparing(ProcessInfo::name));
    return all;
  }

  private void registerProcessControl(RpcDispatcher d) {
    m(d, "startProcess", "Start a process (or a group with group:*); wait for it to be running.",
        1, a -> engine.compose(s -> processes.startProcess(s, Args.string(a, 0), Args.flag(a, 1))),
        "boolean", "string", "boolean");
    m(d, "startProcessGroup", "Start every process of the group named name.", 1,
        a -> engine.compose(s -> processes.startGroup(s, groupProcesses(s, Args.string(a, 0)),
            Args.flag(a, 1))), "array", "string", "boolean");
    m(d, "startAllProcesses", "Start every process in priority order.", 0,
        a -> engine.compose(s -> processes.startGroup(s, EngineAccess.byPriority(s),
            Args.flag(a, 0))), "array", "boolean");
    m(d, "stopProcess", "Stop a process (or a group with group:*); wait for it to stop.", 1,
        a -> engine.compose(s -> processes.stopProcess(s, Args.string(a, 0), Args.flag(a, 1))),
        "boolean", "string", "boolean");
    m(d, "stopProcessGroup", "Stop every process of the group named name.", 1,
        a -> engine.compose(s -> processes.stopGroup(groupProcesses(s, Args.string(a, 0)),
            Args.flag(a, 1))),
        "array", "string", "boolean");
    m(d, "stopAllProcesses", "Stop every process in priority order.", 0,
        a -> engine.compose(s -> processes.stopGroup(EngineAccess.byPriority(s),
            Args.flag(a, 0))),
        "array", "boolean");
    m(d, "signalProcess", "Send a signal (name or number) to a process.", 2,
        a -> engine.call(s -> processes.signalProcess(s, Args.string(a, 0), Args.signal(a, 1))),
        "boolean", "string", "string");
    m(d, "signalProcessGroup", "Send a signal to every process of a group.", 2,
        a -> engine.call(s -> processes.signalGroup(groupProcesses(s, Args.string(a, 0)),
            Args.signal(a, 1))), "array", "string", "string");
    m(d, "signalAllProcesses", "Send a signal to every process.", 1,
        a -> engine.call(s -> processes.signalGroup(EngineAccess.byPriority(s),
            Args.signal(a, 0))), "array", "string");
  }

  private void registerLogs(RpcDispatcher d) {
    for (String name : List.of("readProcessStdoutLog", "readProcessLog", "readProcessStderrLog")) {
      boolean stderr = name.contains("Stderr");
      m(d, name, "Read length bytes from a process's " + (stderr ? "stderr" : "stdout")
          + " log starting at offset.", 3,
          a -> logs.readProcessLog(Args.string(a, 0), stderr, Args.integer(a, 1),
              Args.integer(a, 2)), "string", "string", "int", "int");
    }
    for (String name : List.of("tailProcessStdoutLog", "tailProcessLog", "tailProcessStderrLog")) {
      boolean stderr = name.contains("Stderr");
      m(d, name, "Tail a process's " + (stderr ? "stderr" : "stdout")
          + " log: returns [string bytes, int offset, bool overflow].", 3,
          a -> logs.tailProcessLog(Args.string(a, 0), stderr, Args.integer(a, 1),
              Args.integer(a, 2)), "array", "string", "int", "int");
    }
    for (String name : List.of("clearProcessLogs", "clearProcessLog")) {
      m(d, name, "Clear the stdout and stderr logs of the process named name.", 1,
          a -> logs.clearProcessLogs(Args.string(a, 0)), "boolean", "string");
    }
    m(d, "clearAllProcessLogs", "Clear the logs of every process.", 0,
        a -> logs.clearAllProcessLogs(), "array");
  }

  private static List<org.jsupervisor.process.ManagedProcess> groupProcesses(Supervisor s,
      String name) {
    return s.group(name).orElseThrow(() -> new Fault(FaultCode.BAD_NAME, name)).byPriority();
  }

  @SuppressWarnings("unchecked")
  private static void m(RpcDispatcher d, String name, String help, int minArgs,
      java.util.function.Function<List<Object>, CompletableFuture<?>> body, String... signature) {
    d.add(new RpcMethod("supervisor." + name, List.of(signature), minArgs, help,
        a -> (CompletableFuture<Object>) body.apply(a)));
  }
}
