package org.jsupervisor.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.jsupervisor.config.Config;
import org.jsupervisor.config.ConfigException;
import org.jsupervisor.config.ConfigMessage;
import org.jsupervisor.events.Events;
import org.jsupervisor.events.GlobalSerial;
import org.jsupervisor.http.RpcServers;
import org.jsupervisor.log.AutoChildLogs;
import org.jsupervisor.rpc.Fault;
import org.jsupervisor.rpc.FaultCode;
import org.jsupervisor.rpc.SupervisorControl;
import org.jsupervisor.log.MainLog;
import org.jsupervisor.loop.Clock;
import org.jsupervisor.loop.EventLoop;
import org.jsupervisor.posix.Privileges;
import org.jsupervisor.posix.Rlimits;
import org.jsupervisor.posix.Signals;
import org.jsupervisor.process.ManagedProcess;
import org.jsupervisor.process.Signal;
import org.jsupervisor.process.Supervisor;
import org.jsupervisor.posix.PosixSpawner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: start-up in supervisord's order (privileges, rlimits, main log, pidfile),
 * then the event loop on the main thread until a shutdown; a restart (SIGHUP) stops everything,
 * re-reads the configuration and starts over in the same process.
 */
final class Daemon {
  private static final Logger log = LoggerFactory.getLogger("supervisord");

  private final Path configFile;
  private final DaemonOptions options;
  private final boolean detached;
  /** Where a detached copy reports a start-up failure to its launcher; null in the foreground. */
  private final String detachedStatusFile;
  private Config config;
  private final EventLoop loop = new EventLoop(Clock.SYSTEM);
  private MainLog mainLog;
  private RpcServers servers;
  /** The current generation; read and replaced on the loop thread only. */
  private Supervisor supervisor;
  /** The current generation's events (sendRemoteCommEvent goes to {@code remoteCommunication}). */
  private Events events;
  /** Survives restarts, as supervisord's global event serial does. */
  private final GlobalSerial eventSerial = new GlobalSerial();

  Daemon(Path configFile, DaemonOptions options, Config config, boolean detached) {
    this.configFile = configFile;
    this.options = options;
    this.config = config;
    this.detached = detached;
    this.detachedStatusFile = detached ? System.getenv(SupervisordMain.DETACHED_ENV) : null;
  }

  int run() {
    var sd = config.supervisord();
    List<String> startupNotes = new ArrayList<>();
    if (sd.user().isPresent()) {
      var failure = Privileges.dropTo(sd.user().get());
      if (failure.isPresent()) {
        startupError(failure.get());
        return 2;
      }
      startupNotes.add("Set uid to user " + sd.user().get().uid() + " succeeded");
    }
    for (Rlimits.Outcome o : Rlimits.system().applyMinimums(sd.minfds(), sd.minprocs())) {
      if (o instanceof Rlimits.Refused r) {
        startupError(r.message());
        return 2;
      }
      if (o instanceof Rlimits.Raised r) {
        startupNotes.add(r.message());
      }
    }
    try {
      mainLog = MainLog.configure(MainLog.Settings.of(sd));
    } catch (IOException e) {
      startupError("could not open the log file " + sd.logfile() + ": " + e);
      return 2;
    }
    logParseMessages();
    if (Privileges.uid() == 0 && sd.user().isEmpty()) {
      MainLog.critical(log, "Supervisor is running as root.  Privileges were not dropped because "
          + "no user is specified in the config file.  If you intend to run as root, you can set "
          + "user=root in the config file to avoid this message.");
    }
    startupNotes.forEach(log::info);
    if (detached) {
      log.info("daemonizing the supervisord process");
    }
    loop.onChildExit((pid, status) -> supervisor.reaped(pid, status));
    try {
      prepareGeneration();
    } catch (IOException e) {
      MainLog.critical(log, e.getMessage());
      startupError(e.getMessage());
      loop.close();
      mainLog.close();
      return 2;
    }
    var pidfile = new Pidfile(sd.pidfile());
    pidfile.writeAndLog(ProcessHandle.current().pid(), log);
    Signals signals = Signals.install(this::onSignalThread);
    int status = 0;
    try {
      while (true) {
        runGeneration();
        if (supervisor.mood() != Supervisor.Mood.RESTARTING) {
          break;
        }
        reloadForRestart();
        try {
          prepareGeneration();
        } catch (IOException e) {
          MainLog.critical(log, "restart failed: " + e.getMessage());
          status = 2;
          break;
        }
      }
    } finally {
      signals.close();
      pidfile.remove();
      loop.close();
      mainLog.close();
    }
    return status;
  }

  /**
   * Creates the next generation: a supervisor, its events, its groups and its HTTP servers.
   * Creating FastCGI sockets and opening the servers is what can fail (a socket in use, a port
   * taken), as in supervisord's start-up.
   */
  private void prepareGeneration() throws IOException {
    AutoChildLogs.cleanupAtStartup(config.supervisord());
    supervisor = new Supervisor(config, loop, new PosixSpawner(), ManagedProcess.Signaller.POSIX,
        childEnvironment());
    events = Events.install(supervisor, loop, eventSerial);
    supervisor.onStopped(loop::stop);
    // Groups before servers, as supervisord: a FastCGI socket that cannot be made ends start-up.
    supervisor.activateGroups();
    servers = RpcServers.start(config, loop, supervisor, control);
  }

  /** One life of the supervisor: from starting every autostart process to all stopped. */
  private void runGeneration() {
    Supervisor current = supervisor;
    loop.execute(() -> {
      try {
        current.start();
      } catch (IOException e) {
        MainLog.critical(log, "could not create child logs: " + e);
        current.shutdown(Supervisor.Mood.SHUTDOWN);
      }
    });
    try {
      loop.run();
    } finally {
      servers.close();
    }
  }

  /** What the RPC methods that end or restart the daemon do; all on the loop thread. */
  private final SupervisorControl control = new SupervisorControl() {
    @Override
    public void shutdown() {
      supervisor.shutdown(Supervisor.Mood.SHUTDOWN);
    }

    @Override
    public void restart() {
      supervisor.shutdown(Supervisor.Mood.RESTARTING);
    }

    @Override
    public void reopenMainLog() {
      mainLog.reopen();
    }

    @Override
    public void remoteCommunication(String type, String data) {
      events.remoteCommunication(type, data);
    }

    /** The same file, the same command line as at start-up; on an I/O thread. */
    @Override
    public Config reloadConfig() throws ConfigException {
      try {
        return SupervisordMain.load(configFile, options);
      } catch (UsageException e) {
        throw new Fault(FaultCode.CANT_REREAD, e.getMessage());
      }
    }

    @Override
    public void reread(Config running, Config next) {
      // supervisord logs parse warnings only when it starts; a re-read is when an operator has
      // just edited the file, so its warnings (typos above all) are logged then too.
      MainLog.logParseMessages(log, next.messages().stream().filter(ConfigMessage::isWarning).toList());
      List<String> changed = RestartOnlySettings.changed(running, next);
      if (!changed.isEmpty()) {
        log.warn("configuration re-read: {} changed; not applied until supervisord restarts",
            String.join(", ", changed));
      }
    }
  };

  /**
   * A start-up failure: {@code Error: ...} on stderr, and for a detached copy (whose stderr is
   * /dev/null) also into the file its launcher named, so the launcher can print it.
   */
  private void startupError(String message) {
    System.err.println("Error: " + message);
    if (detachedStatusFile != null) {
      try {
        Files.writeString(Path.of(detachedStatusFile), message);
      } catch (IOException ignored) {
        // the launcher falls back to pointing at the log
      }
    }
  }

  /** The daemon's environment minus our own detaching marker, which children must not see. */
  private static Map<String, String> childEnvironment() {
    var env = new HashMap<>(System.getenv());
    env.remove(SupervisordMain.DETACHED_ENV);
    return env;
  }

  /**
   * A restart re-reads the same file with the same command line. A configuration that became
   * invalid is reported and the previous one is used again: the daemon never goes down for it.
   */
  private void reloadForRestart() {
    try {
      config = SupervisordMain.load(configFile, options);
      logParseMessages(); // as supervisord, whose every start-up logs them
    } catch (ConfigException e) {
      log.error("restart: the configuration is invalid, keeping the previous one:\n{}",
          e.getMessage());
    } catch (UsageException e) {
      log.error("restart: {}; keeping the previous configuration", e.getMessage());
    }
  }

  /** The configuration's warnings and notes, with the command line's, as supervisord logs them at start-up. */
  private void logParseMessages() {
    var messages = new ArrayList<ConfigMessage>(config.messages());
    messages.addAll(options.notes());
    MainLog.logParseMessages(log, messages);
  }

  /** Runs on a JDK signal thread: only hand the signal to the loop. */
  private void onSignalThread(Signal signal) {
    if (signal.number() == Signal.CHLD.number()) {
      loop.childExited();
      return;
    }
    loop.execute(() -> onSignal(signal));
  }

  private void onSignal(Signal signal) {
    switch (signal.name()) {
      case "TERM", "INT" -> {
        log.warn("received {} indicating exit request", signal.sigName());
        supervisor.shutdown(Supervisor.Mood.SHUTDOWN);
      }
      case "HUP" -> {
        if (supervisor.mood() == Supervisor.Mood.SHUTDOWN) {
          log.warn("ignored SIGHUP indicating restart request (shutdown in progress)");
        } else {
          log.warn("received SIGHUP indicating restart request");
          supervisor.shutdown(Supervisor.Mood.RESTARTING);
        }
      }
      case "USR2" -> {
        log.info("received SIGUSR2 indicating log reopen request");
        mainLog.reopen();
        supervisor.reopenLogs();
      }
      default -> log.debug("received {}", signal.sigName());
    }
  }
}
