package org.jsupervisor.daemon;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Our supervisord started as a separate JVM, the way a user starts it. This test JVM never hosts
 * the engine, so starting processes with ProcessBuilder here is safe.
 */
final class RunningDaemon implements AutoCloseable {
  final Process process;
  final Path stdout;
  final Path stderr;

  private RunningDaemon(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static List<String> command(String... args) {
    return command(List.of(), args);
  }

  /** @param jvmOptions extra options for the daemon's JVM, such as a small {@code -Xmx} */
  static List<String> command(List<String> jvmOptions, String... args) {
    var cmd = new ArrayList<String>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Djsupervisor.argv0=supervisord");
    cmd.add(SupervisordMain.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  static RunningDaemon start(Path dir, String... args) throws IOException {
    return start(dir, command(args));
  }

  static RunningDaemon start(Path dir, List<String> jvmOptions, String... args)
      throws IOException {
    return start(dir, command(jvmOptions, args));
  }

  /**
   * Starts the daemon the way a shell script does with {@code supervisord &}: with SIGINT and
   * SIGHUP ignored, which the JVM would otherwise inherit and keep.
   */
  static RunningDaemon startWithIgnoredSignals(Path dir, String... args) throws IOException {
    var cmd = new ArrayList<String>(List.of("/bin/sh", "-c", "trap '' INT HUP; exec \"$@\"", "sh"));
    cmd.addAll(command(args));
    return start(dir, cmd);
  }

  /**
   * Starts the daemon from a copy of this test's class path inside {@code dir}, readable by every
   * user: a daemon that drops privileges (user=nobody) still loads classes afterwards, and the
   * checkout itself may sit in a directory only root can enter, as an installed daemon would not.
   */
  static RunningDaemon startFromReadableCopy(Path dir, String... args) throws IOException {
    Path copy = dir.resolve("classpath");
    var entries = new ArrayList<String>();
    String[] original = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
    for (int i = 0; i < original.length; i++) {
      Path from = Path.of(original[i]);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = copy.resolve(i + "-" + from.getFileName());
      try (var files = Files.walk(from)) {
        for (Path f : files.toList()) {
          Path target = to.resolve(from.relativize(f).toString());
          Files.createDirectories(target.getParent());
          if (Files.isDirectory(f)) {
            Files.createDirectories(target);
          } else {
            Files.copy(f, target);
          }
        }
      }
      entries.add(to.toString());
    }
    try (var files = Files.walk(copy)) {
      for (Path f : files.toList()) {
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString(
            Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    List<String> cmd = command(args);
    cmd.set(cmd.indexOf("-cp") + 1, String.join(java.io.File.pathSeparator, entries));
    return start(dir, cmd);
  }

  private static RunningDaemon start(Path dir, List<String> command) throws IOException {
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    return new RunningDaemon(p, out, err);
  }

  /** Runs to completion and returns the exit status. */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("supervisord did not exit within " + timeout + "; stderr: " + read(stderr));
    }
    return process.exitValue();
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      return "";
    }
  }

  static int readPid(Path p) {
    String s = read(p).strip();
    return s.isEmpty() ? 0 : Integer.parseInt(s);
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
        && !read(Path.of("/proc/" + pid + "/stat")).matches("^\\d+ \\(.*\\) Z .*");
  }

  static void signal(long pid, String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor();
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
