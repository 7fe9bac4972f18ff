package org.jsupervisor.process;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jsupervisor.config.Config;
import org.jsupervisor.config.GroupConfig;
import org.jsupervisor.config.GroupKind;
import org.jsupervisor.config.LogLevel;
import org.jsupervisor.config.ProcessConfig;
import org.jsupervisor.config.SupervisordConfig;
import org.jsupervisor.loop.Clock;
import org.jsupervisor.loop.EventLoop;
import org.jsupervisor.posix.PosixSpawner;
import org.jsupervisor.posix.Signals;

/**
 * The real engine (event loop, supervisor, posix_spawn, SIGCHLD) running in this JVM on a thread
 * of its own, for integration tests. Only one may run at a time: it owns SIGCHLD.
 */
final class Engine implements AutoCloseable {
  final EventLoop loop = new EventLoop(Clock.SYSTEM);
  final Supervisor supervisor;
  final org.jsupervisor.events.Events events;
  final List<ProcessStateChange> changes = new CopyOnWriteArrayList<>();
  private final Signals signals;
  private final Thread thread;

  Engine(Path dir, List<ProcessConfig> programs) {
    this(dir, programs, false);
  }

  /** @param stripAnsi {@code [supervisord] strip_ansi}; childlogdir is {@code dir} */
  Engine(Path dir, List<ProcessConfig> programs, boolean stripAnsi) {
    this(configOf(dir, programs, stripAnsi));
  }

  static Config configOf(Path dir, List<ProcessConfig> programs, boolean stripAnsi) {
    var groups = new ArrayList<GroupConfig>();
    for (ProcessConfig p : programs) {
      groups.add(new GroupConfig(p.name(), GroupKind.PROGRAM, p.priority(), List.of(p),
          Optional.empty(), Optional.empty()));
    }
    groups.sort(java.util.Comparator.comparingInt(GroupConfig::priority)
        .thenComparing(GroupConfig::name));
    var sd = new SupervisordConfig(dir.resolve("supervisord.log").toString(), 0, 0, LogLevel.INFO,
        dir.resolve("supervisord.pid").toString(), 022, true, false, 1024, 200, false,
        dir.toString(), Optional.empty(), Optional.empty(), stripAnsi, Map.of(), "supervisor");
    return new Config(dir.resolve("supervisord.conf").toString(), sd, List.of(), List.of(),
        Optional.empty(), List.of(), groups, List.of());
  }

  Engine(Config config) {
    this(config, new PosixSpawner());
  }

  Engine(Config config, Spawner spawner) {
    supervisor = new Supervisor(config, loop, spawner, ManagedProcess.Signaller.POSIX,
        System.getenv());
    supervisor.addStateListener(changes::add);
    events = org.jsupervisor.events.Events.install(supervisor, loop,
        new org.jsupervisor.events.GlobalSerial());
    supervisor.onStopped(loop::stop);
    loop.onChildExit(supervisor::reaped);
    signals = Signals.install(List.of(Signal.CHLD), s -> loop.childExited());
    loop.execute(() -> {
      try {
        supervisor.start();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    thread = new Thread(loop::run, "supervisor-loop");
    thread.start();
  }

  <T> T call(Function<Supervisor, T> f) {
    try {
      return loop.call(() -> f.apply(supervisor)).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Applies {@code f} to the named process on the loop thread. */
  <T> T onProcess(String name, Function<ManagedProcess, T> f) {
    return call(s -> f.apply(s.allProcesses().stream().filter(p -> p.name().equals(name))
        .findFirst().orElseThrow()));
  }

  ProcessState state(String name) {
    return call(s -> s.allProcesses().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow().state());
  }

  int pid(String name) {
    return call(s -> s.allProcesses().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow().pid());
  }

  /** Waits until {@code condition} holds on the loop thread, checking every few milliseconds. */
  void await(String what, Duration timeout, Predicate<Supervisor> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!call(condition::test)) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + timeout + " waiting for " + what + "; last changes: " + tail());
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  void awaitState(String name, ProcessState state, Duration timeout) {
    await(name + " " + state, timeout, s -> s.allProcesses().stream()
        .anyMatch(p -> p.name().equals(name) && p.state() == state));
  }

  private List<ProcessStateChange> tail() {
    return changes.subList(Math.max(0, changes.size() - 10), changes.size());
  }

  List<ProcessState> statesOf(String name) {
    return changes.stream().filter(c -> c.name().equals(name)).map(ProcessStateChange::to)
        .toList();
  }

  /** Shuts the supervisor down and waits for the loop to finish. */
  void shutdown() throws InterruptedException {
    loop.execute(() -> supervisor.shutdown(Supervisor.Mood.SHUTDOWN));
    thread.join(TimeUnit.SECONDS.toMillis(30));
    if (thread.isAlive()) {
      fail("the loop did not stop; last changes: " + tail());
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (thread.isAlive()) {
      shutdown();
    }
    signals.close();
    loop.close();
  }
}
