package org.jsupervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jsupervisor.ctl.SupervisorctlMain;
import org.jsupervisor.daemon.SupervisordMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [fcgi-program:x]} groups on our daemon and on Python's supervisord, driven by Python's
 * supervisorctl and xmlrpc client: real children accept on the shared socket (fd 0), and
 * reread/update remove one FastCGI group and add another. The transcripts must be the same, and
 * our own supervisorctl must show what Python's shows.
 */
class FcgiProgramCompatibilityTest {
  /**
   * Accepts one connection on fd 0, answers with its pid, then accepts no more: the second
   * connection has to be served by the other process.
   */
  private static final String ONE_SHOT_SERVER = """
      import os, socket, time
      listener = socket.socket(fileno=0)
      connection, _ = listener.accept()
      connection.sendall(b"%d\\n" % os.getpid())
      connection.close()
      time.sleep(1000)
      """;
  private static final int TIMEOUT_MILLIS = 60_000;

  @TempDir Path dir;
  private final PythonSupervisor python = new PythonSupervisor();
  private final DaemonProcesses daemons = new DaemonProcesses();
  private Path sessionDir;
  private int port;

  @AfterEach
  void stopDaemons() throws InterruptedException {
    daemons.close();
  }

  private Path conf() {
    return sessionDir.resolve("supervisord.conf");
  }

  private Path socket() {
    return sessionDir.resolve("s.sock");
  }

  private void writeConfig(String programs) throws IOException {
    Files.writeString(conf(), String.join("\n",
        "[supervisord]",
        "logfile=" + sessionDir.resolve("supervisord.log"),
        "pidfile=" + sessionDir.resolve("supervisord.pid"),
        "childlogdir=" + sessionDir,
        "nodaemon=true",
        "[unix_http_server]",
        "file=" + socket(),
        "[supervisorctl]",
        "serverurl=unix://" + socket(),
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[program:plain]",
        "command=sleep 1000",
        "startsecs=0",
        programs));
  }

  private String fcgi(String name, String socket, int numprocs) {
    return String.join("\n",
        "[fcgi-program:" + name + "]",
        "command=python3 " + sessionDir.resolve("server.py"),
        "socket=" + socket,
        "numprocs=" + numprocs,
        "process_name=%(program_name)s_%(process_num)d",
        "startsecs=0",
        "stopwaitsecs=5",
        "");
  }

  private Process startOurs() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var pb = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), "-Djsupervisor.argv0=supervisord",
        SupervisordMain.class.getName(), "-c", conf().toString())
        .directory(sessionDir.toFile()).redirectErrorStream(true)
        .redirectOutput(sessionDir.resolve("jsupervisord.out").toFile());
    return daemons.track(pb.start());
  }

  private String ctl(String... command) throws Exception {
    var r = python.supervisorctl(sessionDir, conf(), "unix://" + socket(), command);
    return normalise("(exit " + r.status() + ")\n" + r.output());
  }

  private String normalise(String text) {
    return text.replace(sessionDir.toString(), "DIR")
        .replace(":" + port, ":PORT")
        .replaceAll("pid \\d+, uptime \\d+:\\d\\d:\\d\\d", "pid N, uptime U")
        .stripTrailing();
  }

  private String javaCtl(String... command) {
    var args = new ArrayList<>(List.of("-c", conf().toString(), "-s", "unix://" + socket()));
    args.addAll(List.of(command));
    var bytes = new ByteArrayOutputStream();
    var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int status = SupervisorctlMain.run(args.toArray(String[]::new),
        new ByteArrayInputStream(new byte[0]), out, out);
    return normalise("(exit " + status + ")\n" + bytes.toString(StandardCharsets.UTF_8));
  }

  private String rpc(String group) throws Exception {
    Path script = sessionDir.resolve("fcgi_calls.py");
    try (var in = getClass().getResourceAsStream("/compat/fcgi_calls.py")) {
      Files.write(script, in.readAllBytes());
    }
    var r = python.run(sessionDir, List.of(script.toString(), "unix://" + socket(), group));
    return normalise("fcgi_calls.py " + group + " (exit " + r.status() + ")\n" + r.output());
  }

  private void awaitAllRunning(int n) throws Exception {
    String last = "";
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
    while (System.nanoTime() < deadline) {
      last = ctl("status");
      var lines = last.lines().skip(1).toList();
      if (lines.size() == n && lines.stream().allMatch(l -> l.contains(" RUNNING "))) {
        return;
      }
      Thread.sleep(50);
    }
    fail("not all " + n + " processes RUNNING:\n" + last);
  }

  private String pid(String name) throws Exception {
    return ctl("pid", name).lines().skip(1).findFirst().orElse("").strip();
  }

  private String askTcp() throws IOException {
    try (var s = new Socket()) {
      s.setSoTimeout(TIMEOUT_MILLIS);
      s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  private boolean tcpRefused() {
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static String askUnix(Path file) throws IOException {
    try (var ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(file));
      return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8)
          .strip();
    }
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Runs the scenario against one daemon; returns the transcript. */
  private List<String> session(String name, boolean pythonDaemon) throws Exception {
    sessionDir = Files.createDirectories(dir.resolve(name));
    port = freePort();
    Files.writeString(sessionDir.resolve("server.py"), ONE_SHOT_SERVER);
    writeConfig(fcgi("web", "tcp://127.0.0.1:" + port, 2));
    Process daemon = pythonDaemon ? daemons.track(python.startSupervisord(sessionDir, conf()))
        : startOurs();
    String out = pythonDaemon ? "python-supervisord.out" : "jsupervisord.out";
    DaemonProcesses.awaitSocket(socket(), daemon, sessionDir.resolve(out));
    var t = new ArrayList<String>();

    awaitAllRunning(3);
    t.add("$ status " + ctl("status"));
    Set<String> webPids = Set.of(pid("web:web_0"), pid("web:web_1"));
    Set<String> answers = Set.of(askTcp(), askTcp());
    t.add("web: each process served a connection on the shared socket: "
        + answers.equals(webPids));
    t.add(rpc("web"));

    Path apiSocket = sessionDir.resolve("api.sock");
    writeConfig(fcgi("api", "unix://%(here)s/%(program_name)s.sock", 1));
    t.add("$ reread " + ctl("reread"));
    t.add("$ avail " + ctl("avail"));
    t.add("$ update " + ctl("update"));
    awaitAllRunning(2);
    String status = ctl("status");
    t.add("$ status " + status);
    if (!pythonDaemon) {
      assertEquals(status, javaCtl("status"), "our supervisorctl shows the same");
      assertEquals(ctl("avail"), javaCtl("avail"), "our supervisorctl shows the same");
    }
    t.add("web's port is closed: " + tcpRefused());
    t.add("api answers with its pid: " + askUnix(apiSocket).equals(pid("api:api_0")));
    t.add(rpc("api"));
    t.add("$ stop api:* " + ctl("stop", "api:*"));
    t.add("api's socket refuses once its process stopped: " + refuses(apiSocket));
    t.add("$ start api:* " + ctl("start", "api:*"));
    t.add("api answers again: " + askUnix(apiSocket).equals(pid("api:api_0")));
    t.add("$ shutdown " + ctl("shutdown"));
    assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), name + ": daemon exits after shutdown");
    t.add("socket lines of the main log:\n" + normalise(String.join("\n",
        Files.readAllLines(sessionDir.resolve("supervisord.log")).stream()
            .filter(l -> l.contains(" socket "))
            .map(l -> l.substring(l.indexOf(' ', l.indexOf(' ') + 1) + 1)) // no timestamp
            .toList())));
    if (!pythonDaemon) {
      // supervisord leaves the file of a closed socket behind; we remove it.
      assertFalse(Files.exists(apiSocket, LinkOption.NOFOLLOW_LINKS), "api.sock removed");
    }
    Files.writeString(dir.resolve(name + ".txt"), String.join("\n", t) + "\n");
    return t;
  }

  private static boolean refuses(Path file) {
    try {
      askUnix(file);
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void fcgiGroupsServeAndReloadAsOnPythonSupervisord() throws Exception {
    String ours = String.join("\n", session("ours", false));
    String theirs = String.join("\n", session("theirs", true));
    Files.writeString(Path.of("target", "fcgi-ours.txt"), ours + "\n");
    Files.writeString(Path.of("target", "fcgi-theirs.txt"), theirs + "\n");
    assertEquals(theirs, ours, "against our daemon vs against Python's supervisord");
    assertTrue(ours.contains("each process served a connection on the shared socket: true"), ours);
    assertTrue(ours.contains("web's port is closed: true"), ours);
    assertTrue(ours.contains("api answers with its pid: true"), ours);
    assertTrue(ours.contains("api's socket refuses once its process stopped: true"), ours);
    assertTrue(ours.contains("api answers again: true"), ours);
  }
}
