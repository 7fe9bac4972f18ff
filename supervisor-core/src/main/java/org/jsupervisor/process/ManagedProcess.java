package org.jsupervisor.process;

import org.jsupervisor.config.PyRepr;
import static org.jsupervisor.process.ProcessState.BACKOFF;
import static org.jsupervisor.process.ProcessState.EXITED;
import static org.jsupervisor.process.ProcessState.FATAL;
import static org.jsupervisor.process.ProcessState.RUNNING;
import static org.jsupervisor.process.ProcessState.STARTING;
import static org.jsupervisor.process.ProcessState.STOPPED;
import static org.jsupervisor.process.ProcessState.STOPPING;
import static org.jsupervisor.process.ProcessState.UNKNOWN;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jsupervisor.config.AutoRestart;
import org.jsupervisor.config.ProcessConfig;
import jnr.constants.platform.Errno;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * The life of one supervised process: the only object that changes its state, always on the loop
 * thread, following supervisord 4.x's rules (STOPPED, STARTING, RUNNING, BACKOFF, STOPPING,
 * EXITED, FATAL, UNKNOWN).
 *
 * <p>Unlike supervisord, nothing waits for a once-a-second tick: every deadline (startsecs,
 * backoff delay, stopwaitsecs) asks the host to run {@link #tick()} when it is due.
 */
public final class ManagedProcess {
  private static final Logger log = LoggerFactory.getLogger("supervisord");
  private static final Marker CRIT = MarkerFactory.getMarker("CRIT");
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final int ESRCH = Errno.ESRCH.intValue();

  private final ProcessConfig config;
  private final String group;
  private final ProcessHost host;
  private final Signaller signaller;
  private final ProcessLogs logs;

  private ProcessState state = STOPPED;
  private int pid;
  private boolean everStarted;
  private long laststartNanos;
  private long laststartMillis;
  private long laststopMillis;
  private int backoff;
  private long delayNanos;
  private boolean killing;
  /** Between {@link #spawn()} and {@link #launched}: the host has the spawn in a batch. */
  private boolean launching;
  private String spawnerr = "";
  private int exitstatus;

  /** Sends signals to pids; the real one is {@code kill(2)}, tests may record instead. */
  public interface Signaller {
    /** Returns 0 or the errno of the failed call. */
    int kill(int pid, Signal signal);

    /** {@code kill(2)}; a negative pid addresses that process group. */
    Signaller POSIX = (pid, signal) ->
        pid < 0 ? org.jsupervisor.posix.Kill.killGroup(-pid, signal)
            : org.jsupervisor.posix.Kill.kill(pid, signal);
  }

  public ManagedProcess(ProcessConfig config, String group, ProcessHost host, Signaller signaller) {
    this(config, group, host, signaller, ProcessLogs.none(config.name()));
  }

  public ManagedProcess(ProcessConfig config, String group, ProcessHost host, Signaller signaller,
      ProcessLogs logs) {
    this.config = config;
    this.group = group;
    this.host = host;
    this.signaller = signaller;
    this.logs = logs;
  }

  public ProcessLogs logs() {
    return logs;
  }

  public ProcessConfig config() {
    return config;
  }

  public String name() {
    return config.name();
  }

  public String group() {
    return group;
  }

  /** {@code group:name}, or just {@code name} when both are the same, as supervisord names it. */
  public String namespec() {
    return group.equals(config.name()) ? group : group + ":" + config.name();
  }

  public ProcessState state() {
    return state;
  }

  public int pid() {
    return pid;
  }

  public String spawnerr() {
    return spawnerr;
  }

  /** The last exit code, -1 when a signal ended the process, 0 when none is known. */
  public int exitstatus() {
    return exitstatus;
  }

  /** Wall-clock milliseconds of the last spawn, 0 if never started. */
  public long laststartMillis() {
    return laststartMillis;
  }

  /** Wall-clock milliseconds of the last exit, 0 if it never exited. */
  public long laststopMillis() {
    return laststopMillis;
  }

  public int backoff() {
    return backoff;
  }

  /**
   * Starts the process. Allowed from STOPPED, EXITED, FATAL and BACKOFF; a spawn error is
   * recorded as {@link #spawnerr()} and the process goes to BACKOFF, never thrown.
   */
  public void spawn() {
    if (pid != 0) {
      log.warn("process {} already running", PyRepr.of(name()));
      return;
    }
    assertState(STOPPED, EXITED, FATAL, BACKOFF);
    killing = false;
    spawnerr = "";
    exitstatus = 0;
    everStarted = true;
    laststartNanos = host.clock().nanos();
    laststartMillis = host.clock().wallMillis();
    changeState(STARTING, true);

    Map<String, String> env = childEnvironment();
    CommandResolution resolution = CommandResolver.resolve(config.command(), env);
    if (resolution instanceof CommandResolution.Resolved r) {
      // supervisord opens the log files once the command is found, before it forks.
      logs.openFiles();
      launching = true;
      host.launch(this, new SpawnRequest(name(), r.path(), r.argv(), env, config.directory(),
          config.umask(), config.user(), config.redirectStderr()));
    } else {
      launched(new SpawnResult.Failed(((CommandResolution.Unresolved) resolution).spawnerr()));
    }
  }

  /**
   * The outcome of the spawn that {@link #spawn()} asked the host for: at once, or at the end of
   * the host's current batch of spawns (still STARTING, with no pid, until then).
   */
  public void launched(SpawnResult result) {
    launching = false;
    if (result instanceof SpawnResult.Spawned s) {
      pid = s.pid();
      host.attach(this, s);
      log.info("spawned: {} with pid {}", PyRepr.of(name()), pid);
      host.wakeAt(startsecsDeadline(), this::tick);
    } else {
      spawnerr = ((SpawnResult.Failed) result).spawnerr();
      log.info("spawnerr: {}", spawnerr);
      changeState(BACKOFF, true);
    }
  }

  /**
   * The environment supervisord gives a child: its own, then the SUPERVISOR_* variables, then
   * {@code [supervisord] environment} and the program's {@code environment} (which may override
   * even the SUPERVISOR_* ones, as in supervisord).
   */
  Map<String, String> childEnvironment() {
    var env = new LinkedHashMap<>(host.daemonEnvironment());
    env.put("SUPERVISOR_ENABLED", "1");
    config.serverurl().or(host::serverUrl).filter(url -> !url.isEmpty())
        .ifPresent(url -> env.put("SUPERVISOR_SERVER_URL", url));
    env.put("SUPERVISOR_PROCESS_NAME", name());
    env.put("SUPERVISOR_GROUP_NAME", group);
    env.putAll(host.supervisordEnvironment());
    env.putAll(config.environment());
    return env;
  }

  /**
   * Asks the process to stop with its stopsignal (an administrative stop). Returns a message
   * when there was nothing to signal.
   */
  public Optional<String> stop() {
    return kill(config.stopsignal());
  }

  /** BACKOFF → FATAL, used when a group is stopped at shutdown. */
  public void giveUp() {
    delayNanos = 0;
    backoff = 0;
    assertState(BACKOFF);
    changeState(FATAL, true);
  }

  /**
   * Sends {@code signal} without any state change (the {@code signalProcess} RPC). Returns the
   * errno of a failed {@code kill}, or 0.
   */
  public int signal(Signal signal) {
    settleLaunch();
    if (pid == 0) {
      return ESRCH;
    }
    log.debug("sending {} (pid {}) sig {}", name(), pid, signal.sigName());
    int errno = signaller.kill(pid, signal);
    return errno == ESRCH ? 0 : errno;
  }

  private Optional<String> kill(Signal signal) {
    settleLaunch();
    if (state == BACKOFF) {
      // Stopping a process that keeps failing to start must not wait for its retries.
      log.debug("Attempted to kill {}, which is in BACKOFF state.", name());
      changeState(STOPPED, true);
      return Optional.empty();
    }
    if (pid == 0) {
      String msg = "attempted to kill " + name() + " with sig " + signal.sigName()
          + " but it wasn't running";
      log.debug(msg);
      return Optional.of(msg);
    }
    // The first signal goes by stopasgroup; once STOPPING, this is the SIGKILL escalation.
    boolean asGroup = state == STOPPING ? config.killasgroup() : config.stopasgroup();
    log.debug("killing {} (pid {}) {}with signal {}", name(), pid, asGroup ? "process group " : "",
        signal.sigName());
    killing = true;
    delayNanos = host.clock().nanos() + config.stopwaitsecs() * SECOND;
    assertState(RUNNING, STARTING, STOPPING);
    changeState(STOPPING, true);
    int errno = signaller.kill(asGroup ? -pid : pid, signal);
    if (errno != 0 && errno != ESRCH) {
      // ESRCH means it died and is not reaped yet: the reap fixes the state.
      String msg = "unknown problem killing " + name() + " (" + pid + "):kill: errno " + errno;
      log.error(CRIT, msg);
      changeState(UNKNOWN, true);
      killing = false;
      delayNanos = 0;
      return Optional.of(msg);
    }
    host.wakeAt(delayNanos, this::tick);
    return Optional.empty();
  }

  /** A signal needs the pid: a spawn still in the host's batch is carried out first. */
  private void settleLaunch() {
    if (launching) {
      host.flushLaunches();
    }
  }

  /** The child was reaped with {@code status}. */
  public void finish(ExitStatus status) {
    long now = host.clock().nanos();
    laststopMillis = host.clock().wallMillis();
    int oldPid = pid;
    pid = 0;
    boolean tooQuickly = now - laststartNanos < config.startsecs() * SECOND;
    int es = status.code();
    boolean expected = config.exitcodes().contains(es);
    String msg = status.describe();
    if (killing) {
      killing = false;
      delayNanos = 0;
      exitstatus = es;
      assertState(STOPPING);
      changeState(STOPPED, true, oldPid);
      if (expected) {
        log.info("stopped: {} ({})", name(), msg);
      } else {
        log.warn("stopped: {} ({})", name(), msg);
      }
    } else if (tooQuickly && state == STARTING) {
      exitstatus = 0;
      spawnerr = "Exited too quickly (process log may have details)";
      changeState(BACKOFF, true, oldPid);
      log.warn("exited: {} ({}; not expected)", name(), msg);
    } else {
      delayNanos = 0;
      backoff = 0;
      exitstatus = es;
      if (state == STARTING) {
        changeState(RUNNING, true, oldPid);
      }
      assertState(RUNNING);
      if (expected) {
        changeState(EXITED, true, oldPid);
        log.info("exited: {} ({}; expected)", name(), msg);
      } else {
        spawnerr = "Bad exit code " + es;
        changeState(EXITED, false, oldPid);
        log.warn("exited: {} ({}; not expected)", name(), msg);
      }
    }
  }

  /**
   * Applies every rule that depends on time or on the supervisor's mood, as supervisord's
   * per-iteration {@code transition()} does. Safe to call at any time: a rule that is not due
   * does nothing.
   */
  public void tick() {
    if (launching) {
      return; // launched() decides, and schedules the next tick
    }
    long now = host.clock().nanos();
    ProcessState before = state;
    if (host.acceptsStarts()) {
      if (before == EXITED) {
        boolean restart = config.autorestart() == AutoRestart.ALWAYS
            || (config.autorestart() == AutoRestart.UNEXPECTED
                && !config.exitcodes().contains(exitstatus));
        if (restart) {
          spawn();
        }
      } else if (before == STOPPED && !everStarted) {
        if (config.autostart()) {
          spawn();
        }
      } else if (before == BACKOFF && backoff <= config.startretries() && now > delayNanos) {
        spawn();
      }
    }
    if (before == STARTING && now >= startsecsDeadline()) {
      delayNanos = 0;
      backoff = 0;
      changeState(RUNNING, true);
      log.info("success: {} entered RUNNING state, process has stayed up for > than {} seconds "
          + "(startsecs)", name(), config.startsecs());
    }
    if (before == BACKOFF) {
      if (backoff > config.startretries()) {
        giveUp();
        log.info("gave up: {} entered FATAL state, too many start retries too quickly", name());
      }
    } else if (before == STOPPING && delayNanos - now <= 0 && pid != 0) {
      log.warn("killing {} ({}) with SIGKILL", PyRepr.of(name()), pid);
      kill(Signal.KILL);
    }
  }

  /**
   * When STARTING becomes RUNNING. supervisord's test is a strict "more than startsecs"; with
   * startsecs=0 any elapsed time counts, so the process is RUNNING at the next turn of the loop.
   */
  private long startsecsDeadline() {
    return config.startsecs() <= 0 ? laststartNanos : laststartNanos + config.startsecs() * SECOND + 1;
  }

  private void changeState(ProcessState next, boolean expected) {
    changeState(next, expected, pid);
  }

  private void changeState(ProcessState next, boolean expected, int eventPid) {
    ProcessState previous = state;
    if (next == previous) {
      return;
    }
    state = next;
    if (next == BACKOFF) {
      backoff++;
      delayNanos = host.clock().nanos() + backoff * SECOND;
      // Due now when the retries are used up (→ FATAL), else when the delay has passed.
      host.wakeAt(backoff > config.startretries() ? host.clock().nanos() : delayNanos + 1, this::tick);
    } else if (next == EXITED) {
      host.wakeAt(host.clock().nanos(), this::tick);
    }
    host.stateChanged(this, new ProcessStateChange(group, name(), previous, next, eventPid,
        backoff, expected));
  }

  private void assertState(ProcessState... allowed) {
    for (ProcessState s : allowed) {
      if (s == state) {
        return;
      }
    }
    throw new IllegalStateException(
        "process " + namespec() + " is " + state + ", expected one of " + java.util.List.of(allowed));
  }

  @Override
  public String toString() {
    return "ManagedProcess[" + namespec() + " " + state + " pid " + pid + "]";
  }
}
