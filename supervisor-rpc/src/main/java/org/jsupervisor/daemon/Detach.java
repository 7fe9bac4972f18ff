package org.jsupervisor.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.jsupervisor.config.Config;
import org.jsupervisor.posix.Detacher;
import org.jsupervisor.posix.PosixException;
import org.jsupervisor.process.ExitStatus;

/**
 * Daemonizing on the JVM. supervisord forks and lets the parent exit; a JVM cannot fork, so the
 * parent starts a detached copy of its own command line (new session, stdio on /dev/null, the
 * configured directory and umask) and exits once that copy has written its pidfile — or, if the
 * copy dies first, with an error that points at the log.
 */
final class Detach {
  private static final long READY_TIMEOUT_MILLIS = 30_000;

  private Detach() {}

  static int detach(Config config, PrintStream err) {
    var info = ProcessHandle.current().info();
    Optional<List<String>> arguments = arguments();
    if (info.command().isEmpty() || arguments.isEmpty()) {
      err.println("Error: cannot find this JVM's command line to start the daemon; use -n");
      return 2;
    }
    var argv = new ArrayList<String>();
    argv.add(info.command().get());
    argv.addAll(arguments.get());
    Path status;
    try {
      status = Files.createTempFile("supervisord-start", ".txt");
    } catch (IOException e) {
      err.println("Error: could not create a temporary file: " + e.getMessage());
      return 2;
    }
    try {
      return detach(config, err, argv, status);
    } finally {
      try {
        Files.deleteIfExists(status);
      } catch (IOException ignored) {
        // a leftover empty temp file is harmless
      }
    }
  }

  /**
   * This JVM's arguments, argv[0] left out. From /proc: ProcessHandle reports none once the
   * command line is a page (4096 bytes) or longer, which a class path of a few dozen jars is.
   */
  static Optional<List<String>> arguments() {
    byte[] raw;
    try {
      raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
    } catch (IOException e) {
      return ProcessHandle.current().info().arguments().map(List::of);
    }
    var args = new ArrayList<String>();
    int start = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == 0) {
        // UTF-8 as NativeStrings encodes what we spawn
        args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return args.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(args.subList(1,
        args.size())));
  }

  private static int detach(Config config, PrintStream err, List<String> argv, Path status) {
    var env = new HashMap<>(System.getenv());
    // The copy reports a start-up failure into this file, since its stderr is /dev/null.
    env.put(SupervisordMain.DETACHED_ENV, status.toString());
    Path pidfile = Path.of(config.supervisord().pidfile());
    int pid;
    try {
      pid = Detacher.spawnDetached(argv, env, config.supervisord().directory(),
          config.supervisord().umask());
    } catch (PosixException e) {
      err.println("Error: could not start the daemon: " + e.getMessage());
      return 2;
    }
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (readPid(pidfile).filter(p -> p == pid).isPresent()) {
        return 0;
      }
      Optional<Integer> exit = Detacher.exitStatus(pid);
      if (exit.isPresent()) {
        String reason = readQuietly(status);
        err.println(reason.isEmpty()
            ? "Error: supervisord exited during start-up (" + ExitStatus.decode(exit.get()).describe()
                + "); see " + config.supervisord().logfile()
            : "Error: " + reason);
        return 2;
      }
      try {
        Thread.sleep(10); // nothing to wait on: the child is not ours to reap through SIGCHLD
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    }
    err.println("Error: supervisord (pid " + pid + ") did not write " + pidfile + " within "
        + READY_TIMEOUT_MILLIS / 1000 + " s; see " + config.supervisord().logfile());
    return 2;
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static Optional<Integer> readPid(Path pidfile) {
    try {
      return Optional.of(Integer.parseInt(Files.readString(pidfile).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
