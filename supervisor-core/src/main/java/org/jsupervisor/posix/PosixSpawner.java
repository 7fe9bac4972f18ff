package org.jsupervisor.posix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import jnr.ffi.byref.IntByReference;
import org.jsupervisor.config.UserId;
import org.jsupervisor.process.SpawnRequest;
import org.jsupervisor.process.SpawnResult;
import org.jsupervisor.process.Spawner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts children with {@code posix_spawn}: no Java code runs in the child, and unlike fork the
 * JVM's memory is never copied.
 *
 * <p>posix_spawn has no attribute for umask or user. Setting them on the daemon would race with
 * its other threads (umask is process-wide; glibc's setuid changes every thread), so a spawn that
 * needs either runs on a fresh thread that first takes a private umask/cwd with
 * {@code unshare(CLONE_FS)} and switches its own credentials with raw system calls; the child
 * inherits that thread's umask and credentials. Other spawns run on the caller's thread.
 *
 * <p>Failures are returned as {@link SpawnResult.Failed} with supervisord's spawnerr texts, after
 * closing every fd this spawn created.
 *
 * <p>{@link #spawnAll} spreads a batch over the caller and a few helper threads: the caller of
 * posix_spawn waits while the kernel sets up the child's exec (about a millisecond), and on a
 * machine with several cores those waits overlap. Helpers exit after a second without work, so
 * an idle daemon has none.
 */
public final class PosixSpawner implements Spawner {
  private static final Logger log = LoggerFactory.getLogger(PosixSpawner.class);

  private static final int HELPERS =
      Math.max(0, Math.min(3, Runtime.getRuntime().availableProcessors() - 1));

  private final IntSupplier realUid;
  private final ThreadPoolExecutor helpers = helperPool();

  public PosixSpawner() {
    this(LibC.INSTANCE::getuid);
  }

  /** {@code realUid} lets tests play a non-root daemon. */
  PosixSpawner(IntSupplier realUid) {
    this.realUid = realUid;
  }

  @Override
  public SpawnResult spawn(SpawnRequest request) {
    String name = request.processName();
    Optional<UserId> switchTo = request.user();
    if (switchTo.isPresent()) {
      int current = realUid.getAsInt();
      if (switchTo.get().uid() == current) {
        switchTo = Optional.empty(); // supervisord: same uid is a no-op, even for non-root
      } else if (current != 0) {
        return new SpawnResult.Failed("Can't drop privilege as nonroot user");
      }
    }
    Optional<String> badDirectory = request.directory().flatMap(PosixSpawner::chdirProblem);
    if (badDirectory.isPresent()) {
      return new SpawnResult.Failed(
          "couldn't chdir to " + request.directory().get() + ": " + badDirectory.get());
    }

    Pipes pipes;
    try {
      pipes = Pipes.open(request.stdinSocket().isEmpty(), request.redirectStderr());
    } catch (PosixException e) {
      return new SpawnResult.Failed(e.errno() == Errno.EMFILE
          ? "too many open files to spawn '" + name + "'"
          : "unknown error making dispatchers for '" + name + "': " + Errno.name(e.errno()));
    }

    Optional<UserId> user = switchTo;
    try {
      int pid = needsOwnThread(request, user)
          ? onFreshThread(name, () -> spawnHere(request, user, pipes))
          : spawnHere(request, user, pipes);
      pipes.closeChildEnds();
      return new SpawnResult.Spawned(pid, pipes.stdinWrite, pipes.stdoutRead, pipes.stderrRead);
    } catch (PosixException e) {
      pipes.closeAll();
      log.warn("spawn of '{}' failed: {}", name, e.getMessage());
      if (e.call().startsWith("set")) {
        return new SpawnResult.Failed(
            "couldn't setuid to " + user.map(UserId::uid).orElse(-1) + ": " + e.getMessage());
      }
      return new SpawnResult.Failed(e.errno() == Errno.EAGAIN
          ? "Too many processes in process table to spawn '" + name + "'"
          : "unknown error during fork for '" + name + "': " + Errno.name(e.errno()));
    } catch (RuntimeException e) {
      pipes.closeAll();
      throw e;
    }
  }

  @Override
  public List<SpawnResult> spawnAll(List<SpawnRequest> requests) {
    int n = requests.size();
    int helpersWanted = Math.min(HELPERS, n - 1);
    if (helpersWanted <= 0) {
      return Spawner.super.spawnAll(requests);
    }
    SpawnResult[] results = new SpawnResult[n];
    AtomicInteger next = new AtomicInteger();
    Runnable work = () -> {
      for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
        results[i] = spawnOrReport(requests.get(i));
      }
    };
    CountDownLatch done = new CountDownLatch(helpersWanted);
    for (int h = 0; h < helpersWanted; h++) {
      helpers.execute(() -> {
        try {
          work.run();
        } finally {
          done.countDown();
        }
      });
    }
    work.run();
    uninterruptibly(done::await); // the latch gives happens-before for results[]
    return Arrays.asList(results);
  }

  /** A bug in one spawn of a batch must not lose the others' children and fds. */
  private SpawnResult spawnOrReport(SpawnRequest request) {
    try {
      return spawn(request);
    } catch (RuntimeException e) {
      log.error("spawn of '{}' failed", request.processName(), e);
      return new SpawnResult.Failed(
          "unknown error during fork for '" + request.processName() + "': " + e);
    }
  }

  private interface Wait {
    void await() throws InterruptedException;
  }

  /**
   * Waits for spawns on other threads to finish, whatever interrupts: a spawn cannot be
   * abandoned half-way (its fds and child would leak). The interrupt is kept for the caller.
   */
  private static void uninterruptibly(Wait wait) {
    boolean interrupted = false;
    while (true) {
      try {
        wait.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadPoolExecutor helperPool() {
    AtomicInteger count = new AtomicInteger();
    var pool = new ThreadPoolExecutor(HELPERS, Math.max(1, HELPERS), 1, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "spawner-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static boolean needsOwnThread(SpawnRequest request, Optional<UserId> user) {
    return request.umask().isPresent() || user.isPresent();
  }

  /**
   * Errno name for why chdir would fail, checked in the daemon because posix_spawn's error number
   * cannot tell a failed chdir from a failed exec.
   */
  private static Optional<String> chdirProblem(String directory) {
    Path path = Path.of(directory);
    if (Files.isDirectory(path)) {
      return Optional.empty();
    }
    return Optional.of(Files.exists(path) ? "ENOTDIR" : "ENOENT");
  }

  /** Runs on the thread that will be the child's parent; returns the pid. */
  private static int spawnHere(SpawnRequest request, Optional<UserId> user, Pipes pipes) {
    if (request.umask().isPresent()) {
      ThreadCredentials.unshareFs();
      ThreadCredentials.umask(request.umask().getAsInt());
    }
    if (user.isPresent()) {
      UserId u = user.get();
      ThreadCredentials.become(u.uid(), u.gid(), supplementaryGroups(u));
    }
    NativeStrings argv = new NativeStrings(request.argv());
    NativeStrings envp = new NativeStrings(environment(request.environment()));
    IntByReference pid = new IntByReference();
    // A FastCGI program's fd 0 is its group's listening socket, which stays the daemon's.
    int stdin = request.stdinSocket().orElse(pipes.stdinRead);
    try (SpawnSetup setup = new SpawnSetup(stdin, pipes.stdoutWrite,
        pipes.stderrWrite >= 0 ? pipes.stderrWrite : pipes.stdoutWrite,
        request.directory().orElse(null))) {
      int error = LibC.INSTANCE.posix_spawn(
          pid, request.path(), setup.fileActions(), setup.attr(), argv.pointer(), envp.pointer());
      if (error != 0) {
        throw new PosixException("posix_spawn", error);
      }
    }
    return pid.intValue();
  }

  private static List<String> environment(Map<String, String> env) {
    List<String> entries = new ArrayList<>(env.size());
    env.forEach((k, v) -> entries.add(k + "=" + v));
    return entries;
  }

  /**
   * All groups listing the user, primary gid first, as supervisord computes them (it puts the
   * primary group first because some systems overwrite the first entry on setgid).
   */
  static int[] supplementaryGroups(UserId user) {
    int[] groups = new int[64];
    IntByReference count = new IntByReference(groups.length);
    while (LibC.INSTANCE.getgrouplist(user.name(), user.gid(), groups, count) < 0) {
      if (count.intValue() <= groups.length) {
        throw new PosixException("getgrouplist", LibC.errno());
      }
      groups = new int[count.intValue()];
      count = new IntByReference(groups.length);
    }
    int n = count.intValue();
    int[] ordered = new int[n + 1];
    ordered[0] = user.gid();
    int size = 1;
    for (int i = 0; i < n; i++) {
      if (groups[i] != user.gid()) {
        ordered[size++] = groups[i];
      }
    }
    return Arrays.copyOf(ordered, size);
  }

  interface NativeSpawn {
    int run();
  }

  /**
   * Runs {@code spawn} on a new thread and waits for it. The thread changes its own umask and
   * credentials, so it must die afterwards; the caller (the loop thread) is blocked for about as
   * long as a fork would block it.
   */
  static int onFreshThread(String name, NativeSpawn spawn) {
    int[] pid = new int[1];
    RuntimeException[] failure = new RuntimeException[1];
    Thread thread = new Thread(() -> {
      try {
        pid[0] = spawn.run();
      } catch (RuntimeException e) {
        failure[0] = e;
      }
    }, "spawn '" + name + "'");
    thread.setDaemon(true);
    thread.start();
    uninterruptibly(thread::join); // join gives happens-before for pid[] and failure[]
    if (failure[0] != null) {
      throw failure[0];
    }
    return pid[0];
  }

  /**
   * The three pipes of one child; -1 marks an fd that does not exist (no stdin pipe for a FastCGI
   * program, redirected stderr).
   */
  private static final class Pipes {
    int stdinRead = -1;
    int stdinWrite = -1;
    int stdoutRead = -1;
    int stdoutWrite = -1;
    int stderrRead = -1;
    int stderrWrite = -1;

    static Pipes open(boolean stdinPipe, boolean redirectStderr) {
      Pipes p = new Pipes();
      try {
        // O_CLOEXEC on every end: a child spawned concurrently by another thread must not
        // inherit them (it would hold our pipes open); dup2 clears it on fds 0-2 in our child.
        if (stdinPipe) {
          Fds.Pipe in = Fds.pipe2(LibC.O_CLOEXEC);
          p.stdinRead = in.readFd();
          p.stdinWrite = in.writeFd();
        }
        Fds.Pipe out = Fds.pipe2(LibC.O_CLOEXEC);
        p.stdoutRead = out.readFd();
        p.stdoutWrite = out.writeFd();
        if (!redirectStderr) {
          Fds.Pipe err = Fds.pipe2(LibC.O_CLOEXEC);
          p.stderrRead = err.readFd();
          p.stderrWrite = err.writeFd();
        }
        // Only the daemon's ends are non-blocking; a child with a non-blocking stdin would fail.
        if (p.stdinWrite >= 0) {
          Fds.setNonBlocking(p.stdinWrite);
        }
        Fds.setNonBlocking(p.stdoutRead);
        if (p.stderrRead >= 0) {
          Fds.setNonBlocking(p.stderrRead);
        }
        return p;
      } catch (RuntimeException e) {
        p.closeAll();
        throw e;
      }
    }

    void closeChildEnds() {
      Fds.closeQuietly(stdinRead, stdoutWrite, stderrWrite);
      stdinRead = stdoutWrite = stderrWrite = -1;
    }

    void closeAll() {
      closeChildEnds();
      Fds.closeQuietly(stdinWrite, stdoutRead, stderrRead);
      stdinWrite = stdoutRead = stderrRead = -1;
    }
  }
}
