package org.jsupervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Python {@code supervisorctl} and {@code xmlrpc.client} against our daemon and against
 * Python's supervisord on the same config: the normalised outputs must be identical.
 */
class SupervisorctlCompatibilityTest {
  /** supervisorctl commands in order; each line is one invocation. */
  private static final List<String> SCRIPT = List.of(
      "status", "start echo", "status", "pid cat", "pid nosuch", "version", "tail echo",
      "tail echo stderr", "tail -3 echo", "tail nosuch", "signal CONT cat", "signal BAD cat",
      "signal HUP echo2", "stop grp:*", "status grp:*", "start grp:*", "start cat",
      "start missing", "start quick", "restart echo", "stop echo echo2", "clear echo",
      "clear nosuch", "status nosuch", "start nosuch", "stop all", "status", "start all");

  @TempDir Path dir;
  private final PythonSupervisor python = new PythonSupervisor();
  private final DaemonProcesses daemons = new DaemonProcesses();
  private Path conf;
  private Path socket;
  private int port;

  @BeforeEach
  void writeConfig() throws IOException {
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    socket = dir.resolve("s.sock");
    conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, String.join("\n",
        "[supervisord]",
        "logfile=" + dir.resolve("supervisord.log"),
        "pidfile=" + dir.resolve("supervisord.pid"),
        "childlogdir=" + dir,
        "[unix_http_server]",
        "file=" + socket,
        "[inet_http_server]",
        "port=127.0.0.1:" + port,
        "[supervisorctl]",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[program:cat]", "command=/bin/cat", "startsecs=1",
        "[program:echo]", "command=/bin/sh -c \"echo hello; echo err >&2; exec sleep 1000\"",
        "startsecs=0", "autostart=false",
        "[program:echo2]", "command=sleep 1000", "autostart=false", "startsecs=0",
        "[program:missing]", "command=/nonexistent/program", "autostart=false",
        // startsecs well above supervisord's reaping delay (up to 1 s), so both see a quick exit.
        "[program:quick]", "command=/bin/true", "autostart=false", "startretries=0",
        "startsecs=10",
        "[group:grp]", "programs=g1,g2",
        "[program:g1]", "command=sleep 1000", "startsecs=1",
        "[program:g2]", "command=sleep 1000", "startsecs=0",
        ""));
  }

  @AfterEach
  void stopDaemons() throws InterruptedException {
    daemons.close();
  }

  @Test
  void supervisorctlAndXmlrpcClientSeeWhatTheySeeAgainstPythonSupervisord() throws Exception {
    List<String> ours = session(daemons.startOurs(dir, conf), dir.resolve("jsupervisord.out"));
    List<String> theirs = session(daemons.track(python.startSupervisord(dir, conf)),
        dir.resolve("python-supervisord.out"));
    // Kept for diffing when this fails: target/compat-{ours,theirs}.txt
    Files.writeString(Path.of("target", "compat-ours.txt"), String.join("\n", ours) + "\n");
    Files.writeString(Path.of("target", "compat-theirs.txt"), String.join("\n", theirs) + "\n");
    assertEquals(String.join("\n", theirs), String.join("\n", ours));
  }

  /** Runs everything against one daemon, ending with shutdown; returns normalised outputs. */
  private List<String> session(Process daemon, Path out) throws Exception {
    DaemonProcesses.awaitSocket(socket, daemon, out);
    String unix = "unix://" + socket;
    String http = "http://127.0.0.1:" + port;
    var lines = new ArrayList<String>();
    awaitRunning(unix);
    for (String command : SCRIPT) {
      String result = ctl(unix, command.split(" "));
      if (command.endsWith(" all") || command.endsWith(":*")) {
        // Deferred results come in completion order, which varies from run to run even
        // against supervisord (it notices exits up to a second late): compare them as a set.
        result = result.lines().sorted().collect(java.util.stream.Collectors.joining("\n"));
      }
      lines.add("$ " + command + " " + result);
    }
    // The same answers over TCP.
    for (String command : List.of("status", "version", "tail echo stderr", "pid echo2")) {
      lines.add("$ (tcp) " + command + " " + ctl(http, command.split(" ")));
    }
    lines.add("$ (tcp) tail -f " + tailF(http));
    Path script = dir.resolve("calls.py");
    try (var in = getClass().getResourceAsStream("/compat/calls.py")) {
      Files.write(script, in.readAllBytes());
    }
    for (String url : List.of(unix, http)) {
      var r = python.run(dir, List.of(script.toString(), url));
      lines.add("calls.py exit " + r.status());
      lines.addAll(List.of(normalise(r.output()).split("\n")));
    }
    lines.add("$ shutdown " + ctl(unix, "shutdown"));
    assertTrue(DaemonProcesses.awaitExit(daemon, 30), "daemon exits after shutdown");
    lines.add("daemon exit " + daemon.exitValue());
    lines.add("$ status after shutdown " + ctl(unix, "status"));
    return lines;
  }

  /** Waits for cat (startsecs=1) and g1 to be RUNNING so that both daemons start alike. */
  private void awaitRunning(String url) throws Exception {
    for (int i = 0; i < 100; i++) {
      String s = ctl(url, "status");
      if (s.lines().filter(l -> l.contains("RUNNING")).count() >= 3) {
        return;
      }
      Thread.sleep(100);
    }
  }

  /**
   * {@code tail -f} runs until interrupted. It prints its banner, then the end of the log, which a
   * plain {@code tail} shows too: once both have shown it is stopped (SIGTERM, by pid). A fixed
   * time instead was too short on a loaded machine for Python's client to start.
   */
  private String tailF(String url) throws Exception {
    String logged = python.supervisorctl(dir, conf, url, "tail", "echo").output().strip();
    var pb = new ProcessBuilder("python3",
        python.root.resolve("usr/bin/supervisorctl").toString(), "-c", conf.toString(), "-s", url,
        "tail", "-f", "echo").redirectErrorStream(true);
    pb.environment().put("PYTHONPATH",
        python.root.resolve("usr/lib/python3/dist-packages").toString());
    Process p = daemons.track(pb.start());
    var shown = new StringBuffer();
    Thread reader = new Thread(() -> {
      try (var in = p.getInputStream()) {
        byte[] buffer = new byte[4096];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          shown.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // the client is gone
      }
    });
    reader.start();
    String banner = "==> Press Ctrl-C to exit <==";
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (!(shown.indexOf(banner) >= 0 && shown.substring(shown.indexOf(banner)).contains(logged))) {
      assertTrue(System.nanoTime() < deadline, "tail -f showed only: " + shown);
      assertTrue(p.isAlive() || reader.isAlive(), "tail -f ended: " + shown);
      Thread.sleep(20);
    }
    p.destroy();
    p.waitFor();
    reader.join();
    return "-> " + shown.toString().strip();
  }

  private String ctl(String url, String... command) throws Exception {
    var r = python.supervisorctl(dir, conf, url, command);
    return "(exit " + r.status() + ")\n" + normalise(r.output()).stripTrailing();
  }

  private String normalise(String text) {
    return text
        .replace(dir.toString(), "DIR")
        .replace(String.valueOf(port), "PORT")
        .replaceAll("pid \\d+, uptime \\d+:\\d\\d:\\d\\d", "pid N, uptime U")
        .replaceAll("(?m)^\\d+$", "N")
        .replaceAll("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M", "DATE");
  }
}
