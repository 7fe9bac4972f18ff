package org.jsupervisor.ctl;

import org.jsupervisor.testing.ProjectRoot;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Python supervisor 4.2.5, extracted by {@code scripts/python-supervisor.sh}: starts its
 * supervisord on a temporary config and runs its supervisorctl, for side-by-side comparisons.
 */
final class PythonSupervisor implements AutoCloseable {
  private final Path root;
  private final Path dir;
  private final Path conf;
  private Process daemon;

  PythonSupervisor(Path dir, String programs) throws IOException {
    this.root = ProjectRoot.pythonSupervisor();
    this.dir = dir;
    this.conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, "[unix_http_server]\nfile=" + socket() + "\n\n"
        + "[supervisord]\nlogfile=" + dir.resolve("main.log") + "\npidfile=" + dir.resolve("supervisord.pid")
        + "\nchildlogdir=" + dir + "\n\n"
        + "[rpcinterface:supervisor]\n"
        + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n"
        + "[supervisorctl]\nserverurl=unix://" + socket() + "\n\n"
        + programs);
  }



  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  Path socket() {
    return dir.resolve("supervisor.sock");
  }

  Path conf() {
    return conf;
  }

  Path dir() {
    return dir;
  }

  /** Starts Python's supervisord in the foreground and waits until every process has settled. */
  void start() throws Exception {
    start(List.of("python3", root.resolve("usr/bin/supervisord").toString(), "-n", "-c", conf.toString()));
  }

  /**
   * Starts our supervisord ({@code org.jsupervisor.daemon.SupervisordMain}, on {@code classPath}) in
   * the foreground, in a separate JVM, and waits until every process has settled.
   */
  void startOurs(String classPath) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    start(List.of(java, "-cp", classPath, "-Djsupervisor.argv0=supervisord", "org.jsupervisor.daemon.SupervisordMain",
        "-n", "-c", conf.toString()));
  }

  private void start(List<String> command) throws Exception {
    var pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("PYTHONPATH", root.resolve("usr/lib/python3/dist-packages").toString());
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("supervisord.out").toFile());
    daemon = pb.start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(socket())) {
        Result status = ours("status"); // in process: Python's client costs ~0.5 s a poll
        if (status.code() != 4 && !status.out().contains("STARTING") && !status.out().contains("BACKOFF")) {
          return;
        }
      }
      if (!daemon.isAlive()) {
        fail("supervisord exited: " + Files.readString(dir.resolve("supervisord.out")));
      }
      Thread.sleep(100);
    }
    fail("supervisord did not settle: " + ctl("status").out());
  }

  boolean running() {
    return daemon != null && daemon.isAlive();
  }

  /** Waits for supervisord to exit by itself (after {@code shutdown}). */
  void awaitExit() throws InterruptedException {
    if (daemon != null) {
      daemon.waitFor(15, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM by pid, then waits; SIGKILL (the daemon, then what it left behind) if it will not go. */
  @Override
  public void close() throws InterruptedException {
    if (daemon != null && daemon.isAlive()) {
      List<ProcessHandle> children = daemon.descendants().toList();
      daemon.destroy();
      if (!daemon.waitFor(15, TimeUnit.SECONDS)) {
        daemon.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** Output and exit status of one run. */
  record Result(String out, String err, int code) {}

  /** Python's supervisorctl with {@code -c <conf>} and {@code args}. */
  Result ctl(String... args) throws IOException, InterruptedException {
    return pythonCtl(stdin(""), prepend("-c", conf.toString(), args));
  }

  Result pythonCtl(byte[] stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("python3", root.resolve("usr/bin/supervisorctl").toString()));
    command.addAll(List.of(args));
    var pb = new ProcessBuilder(command);
    pb.environment().put("PYTHONPATH", root.resolve("usr/lib/python3/dist-packages").toString());
    pb.environment().put("PYTHONIOENCODING", "utf-8");
    Path errFile = Files.createTempFile(dir, "err", ".txt");
    pb.redirectError(errFile.toFile());
    Process p = pb.start();
    p.getOutputStream().write(stdin);
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("python supervisorctl hung: " + command);
    }
    String err = Files.readString(errFile);
    Files.delete(errFile);
    return new Result(new String(out, StandardCharsets.UTF_8), err, p.exitValue());
  }

  /** Our supervisorctl, in process, with {@code -c <conf>} and {@code args}. */
  Result ours(String... args) {
    return oursRaw(stdin(""), prepend("-c", conf.toString(), args));
  }

  static Result oursRaw(byte[] stdin, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code = SupervisorctlMain.run(args, new ByteArrayInputStream(stdin),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), code);
  }

  static byte[] stdin(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String[] prepend(String a, String b, String... rest) {
    String[] all = new String[rest.length + 2];
    all[0] = a;
    all[1] = b;
    System.arraycopy(rest, 0, all, 2, rest.length);
    return all;
  }

  /** Replaces what legitimately differs between two runs: pids, uptimes, dates, traceback positions. */
  static String normalise(String text) {
    return text
        .replaceAll("(?m)pid \\d+, uptime \\d+ days?, \\d+:\\d\\d:\\d\\d|pid \\d+, uptime \\d+:\\d\\d:\\d\\d", "pid N, uptime T")
        .replaceAll("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M", "DATE")
        .replaceAll("(?m)^\\d+$", "N")
        .replaceAll(": file: \\S+ line: \\d+", ": file: F line: L");
  }
}
