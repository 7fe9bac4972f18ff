package org.jsupervisor.posix;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.jsupervisor.config.UserId;
import org.jsupervisor.process.ExitStatus;
import org.jsupervisor.process.Signal;
import org.jsupervisor.process.SpawnRequest;
import org.jsupervisor.process.SpawnResult;

/**
 * Test harness that works like the real loop: SIGCHLD wakes a {@link WakeupPipe}, {@link Poller}
 * waits on it and on child pipes, {@link Reaper} collects exits. Never sleeps; every wait has a
 * deadline.
 */
final class Children implements AutoCloseable {
  static final long DEADLINE_MILLIS = 20_000;

  /** Exits reaped so far, shared by every test so a stray child reaped here is not lost. */
  private static final Map<Integer, Integer> REAPED = new ConcurrentHashMap<>();

  private final WakeupPipe wakeup = new WakeupPipe();
  private final Signals signals = Signals.install(List.of(Signal.CHLD), s -> wakeup.wake());
  private final Reaper reaper = new Reaper();
  private final Poller poller = new Poller();
  final PosixSpawner spawner;

  Children() {
    this(new PosixSpawner());
  }

  Children(PosixSpawner spawner) {
    this.spawner = spawner;
  }

  /** A request builder with test defaults: no directory, umask or user, a small PATH. */
  static final class Req {
    String name = "test";
    List<String> argv;
    Map<String, String> env = Map.of("PATH", "/usr/bin:/bin");
    String directory;
    Integer umask;
    UserId user;
    boolean redirectStderr;

    Req(String... argv) {
      this.argv = List.of(argv);
    }

    static Req sh(String script) {
      return new Req("/bin/sh", "-c", script);
    }

    Req env(Map<String, String> env) {
      this.env = env;
      return this;
    }

    Req directory(String directory) {
      this.directory = directory;
      return this;
    }

    Req umask(int umask) {
      this.umask = umask;
      return this;
    }

    Req user(UserId user) {
      this.user = user;
      return this;
    }

    Req redirectStderr() {
      this.redirectStderr = true;
      return this;
    }

    SpawnRequest build() {
      return new SpawnRequest(name, argv.get(0), argv, env, Optional.ofNullable(directory),
          umask == null ? OptionalInt.empty() : OptionalInt.of(umask), Optional.ofNullable(user),
          redirectStderr);
    }
  }

  /** What a finished child printed and how it ended. */
  record Run(String stdout, String stderr, ExitStatus exit) {}

  SpawnResult.Spawned spawn(Req req) {
    SpawnResult result = spawner.spawn(req.build());
    if (result instanceof SpawnResult.Spawned spawned) {
      return spawned;
    }
    return fail("spawn failed: " + result);
  }

  PosixSpawner spawner() {
    return spawner;
  }

  /** Spawns, closes stdin, reads stdout and stderr to EOF, awaits the exit. */
  Run run(Req req) {
    SpawnResult.Spawned child = spawn(req);
    Fds.close(child.stdin());
    String[] outputs = readToEof(child.stdout(), child.stderr());
    return new Run(outputs[0], outputs[1], awaitExit(child.pid()));
  }

  /** Reads the given non-blocking fds until each reports EOF, then closes them (-1 = skip). */
  String[] readToEof(int... fds) {
    ByteArrayOutputStream[] out = new ByteArrayOutputStream[fds.length];
    int[] open = fds.clone();
    for (int i = 0; i < fds.length; i++) {
      out[i] = new ByteArrayOutputStream();
    }
    short[] events = new short[fds.length];
    java.util.Arrays.fill(events, Poller.POLLIN);
    short[] revents = new short[fds.length];
    byte[] buf = new byte[8192];
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    while (java.util.Arrays.stream(open).anyMatch(fd -> fd >= 0)) {
      assertTrue(System.currentTimeMillis() < deadline, "child output did not reach EOF in time");
      poller.poll(open, events, revents, open.length, 1000);
      for (int i = 0; i < open.length; i++) {
        if (open[i] < 0 || revents[i] == 0) {
          continue;
        }
        int n = Fds.read(open[i], buf, 0, buf.length);
        if (n > 0) {
          out[i].write(buf, 0, n);
        } else if (n == 0) {
          Fds.close(open[i]);
          open[i] = -1;
        }
      }
    }
    String[] result = new String[fds.length];
    for (int i = 0; i < fds.length; i++) {
      result[i] = out[i].toString(StandardCharsets.UTF_8);
    }
    return result;
  }

  /** Waits for SIGCHLD-driven reaping to collect {@code pid}. */
  ExitStatus awaitExit(int pid) {
    long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
    int[] fds = {wakeup.readFd()};
    short[] events = {Poller.POLLIN};
    short[] revents = new short[1];
    while (true) {
      reapAll();
      Integer status = REAPED.remove(pid);
      if (status != null) {
        return ExitStatus.decode(status);
      }
      assertTrue(System.currentTimeMillis() < deadline, "pid " + pid + " did not exit in time");
      // The timeout only guards against a lost wake-up; SIGCHLD normally ends the wait.
      poller.poll(fds, events, revents, 1, 1000);
      wakeup.drain();
    }
  }

  /** Reaps every exited child; returns the pids reaped now. */
  List<Integer> reapAll() {
    List<Integer> pids = new ArrayList<>();
    for (Optional<Reaper.Reaped> r = reaper.reapOne(); r.isPresent(); r = reaper.reapOne()) {
      REAPED.put(r.get().pid(), r.get().waitStatus());
      pids.add(r.get().pid());
    }
    return pids;
  }

  static void forget(int pid) {
    REAPED.remove(pid);
  }

  WakeupPipe wakeup() {
    return wakeup;
  }

  Poller poller() {
    return poller;
  }

  @Override
  public void close() {
    signals.close();
    wakeup.close();
  }
}
