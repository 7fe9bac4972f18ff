package org.jsupervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsupervisor.ctl.SupervisorctlMain;
import org.jsupervisor.daemon.SupervisordMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live reconfiguration against our real daemon (its own JVM, real processes): reread, update,
 * avail, add and remove through our Java supervisorctl and Python's, compared with each other
 * and with Python's supervisorctl against Python's supervisord for the same edits.
 */
class LiveReloadTest {
  @TempDir Path dir;
  private final PythonSupervisor python = new PythonSupervisor();
  private final DaemonProcesses daemons = new DaemonProcesses();

  @AfterEach
  void stopDaemons() throws InterruptedException {
    daemons.close();
  }

  // ---- configuration ---------------------------------------------------------------------

  private Path sessionDir;

  private Path conf() {
    return sessionDir.resolve("supervisord.conf");
  }

  private Path socket() {
    return sessionDir.resolve("s.sock");
  }

  private static String program(String name, String command) {
    return "[program:" + name + "]\ncommand=" + command + "\nstartsecs=0\nstopwaitsecs=2\n";
  }

  private void writeConfig(String programs, String included) throws IOException {
    Files.createDirectories(sessionDir.resolve("conf.d"));
    Files.writeString(sessionDir.resolve("conf.d/inc.conf"), included);
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
        "[include]",
        "files=" + sessionDir.resolve("conf.d") + "/*.conf",
        programs));
  }

  private static final String BEFORE = program("keep", "sleep 1000")
      + program("cmd", "sleep 1001")
      + program("gone", "sleep 1002")
      + "[group:grp]\nprograms=g1,g2\n"
      + program("g1", "sleep 1003")
      + program("g2", "sleep 1004");
  private static final String INC_BEFORE = program("inc", "sleep 1005");

  /**
   * Add new, change cmd's command, remove gone, grp loses g2 (which becomes a group of its own),
   * the included program changes.
   */
  private static final String AFTER = program("keep", "sleep 1000")
      + program("cmd", "sleep 1011")
      + program("new", "sleep 1012")
      + "[group:grp]\nprograms=g1\n"
      + program("g1", "sleep 1003")
      + program("g2", "sleep 1004");
  private static final String INC_AFTER = program("inc", "sleep 1015");

  // ---- daemons and clients ---------------------------------------------------------------

  enum Client { JAVA, PYTHON }

  private Process startOurs() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var pb = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), "-Djsupervisor.argv0=supervisord",
        SupervisordMain.class.getName(), "-c", conf().toString())
        .directory(sessionDir.toFile()).redirectErrorStream(true)
        .redirectOutput(sessionDir.resolve("jsupervisord.out").toFile());
    Process p = daemons.track(pb.start());
    DaemonProcesses.awaitSocket(socket(), p, sessionDir.resolve("jsupervisord.out"));
    return p;
  }

  private Process startPythons() throws Exception {
    Process p = daemons.track(python.startSupervisord(sessionDir, conf()));
    DaemonProcesses.awaitSocket(socket(), p, sessionDir.resolve("python-supervisord.out"));
    return p;
  }

  /** One supervisorctl command; its exit status and output, paths and pids normalised. */
  private String ctl(Client client, String... command) throws Exception {
    String raw = rawCtl(client, command);
    return raw.replace(sessionDir.toString(), "DIR")
        .replaceAll("pid \\d+, uptime \\d+:\\d\\d:\\d\\d", "pid N, uptime U")
        .stripTrailing();
  }

  private String rawCtl(Client client, String... command) throws Exception {
    String url = "unix://" + socket();
    if (client == Client.PYTHON) {
      var r = python.supervisorctl(sessionDir, conf(), url, command);
      return "(exit " + r.status() + ")\n" + r.output();
    }
    var args = new ArrayList<>(List.of("-c", conf().toString(), "-s", url));
    args.addAll(List.of(command));
    var bytes = new ByteArrayOutputStream();
    var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int status = SupervisorctlMain.run(args.toArray(String[]::new),
        new ByteArrayInputStream(new byte[0]), out, out);
    out.flush();
    return "(exit " + status + ")\n" + bytes.toString(StandardCharsets.UTF_8);
  }

  /** Waits until {@code status} shows exactly {@code n} processes, all RUNNING. */
  private void awaitAllRunning(Client client, int n) throws Exception {
    String last = "";
    for (int i = 0; i < 200; i++) {
      last = rawCtl(client, "status");
      var lines = last.lines().skip(1).toList();
      if (lines.size() == n && lines.stream().allMatch(l -> l.contains(" RUNNING "))) {
        return;
      }
      Thread.sleep(50);
    }
    fail("not all " + n + " processes RUNNING:\n" + last);
  }

  private String pid(Client client, String name) throws Exception {
    return rawCtl(client, "pid", name).lines().skip(1).findFirst().orElse("").strip();
  }

  /**
   * The same edits and commands against one daemon through one client; returns the transcript.
   */
  private List<String> session(String name, boolean pythonDaemon, Client client)
      throws Exception {
    sessionDir = Files.createDirectories(dir.resolve(name));
    writeConfig(BEFORE, INC_BEFORE);
    Process daemon = pythonDaemon ? startPythons() : startOurs();
    var t = new ArrayList<String>();
    awaitAllRunning(client, 6);
    String keepPid = pid(client, "keep");
    String g1Pid = pid(client, "grp:g1");
    t.add(rpc("before"));
    t.add("$ reread (unchanged) " + ctl(client, "reread"));
    t.add("$ avail " + ctl(client, "avail"));
    writeConfig(AFTER, INC_AFTER);
    t.add("$ reread " + ctl(client, "reread"));
    t.add("$ reread again " + ctl(client, "reread"));
    t.add(rpc("reread"));
    t.add("$ avail " + ctl(client, "avail"));
    t.add("$ status (nothing applied) " + ctl(client, "status"));
    t.add("$ update nosuch " + ctl(client, "update", "nosuch"));
    t.add("$ update " + ctl(client, "update"));
    awaitAllRunning(client, 6);
    t.add("$ status " + ctl(client, "status"));
    t.add("keep pid unchanged: " + keepPid.equals(pid(client, "keep")));
    t.add("grp:g1 pid changed: " + !g1Pid.equals(pid(client, "grp:g1")));
    t.add(rpc("updated"));
    t.add("$ update (again) " + ctl(client, "update"));
    t.add("$ reread (after update) " + ctl(client, "reread"));
    t.add("$ avail " + ctl(client, "avail"));
    t.add("$ remove new " + ctl(client, "remove", "new"));
    t.add("$ stop new " + ctl(client, "stop", "new"));
    t.add("$ remove new nosuch " + ctl(client, "remove", "new", "nosuch"));
    t.add("$ avail " + ctl(client, "avail"));
    t.add("$ add new new nosuch " + ctl(client, "add", "new", "new", "nosuch"));
    awaitAllRunning(client, 6);
    t.add("$ status " + ctl(client, "status"));
    t.add("$ shutdown " + ctl(client, "shutdown"));
    assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), name + ": daemon exits after shutdown");
    Files.writeString(dir.resolve(name + ".txt"), String.join("\n", t) + "\n");
    return t;
  }

  /** reload_calls.py: the RPCs themselves through Python's xmlrpc client. */
  private String rpc(String step) throws Exception {
    Path script = sessionDir.resolve("reload_calls.py");
    try (var in = getClass().getResourceAsStream("/compat/reload_calls.py")) {
      Files.write(script, in.readAllBytes());
    }
    var r = python.run(sessionDir, List.of(script.toString(), "unix://" + socket(), step));
    return "reload_calls.py " + step + " (exit " + r.status() + ")\n"
        + r.output().replace(sessionDir.toString(), "DIR").stripTrailing();
  }

  @Test
  void javaAndPythonSupervisorctlSeeTheSameAsAgainstPythonSupervisord() throws Exception {
    String ours = String.join("\n", session("ours-java", false, Client.JAVA));
    String oursPython = String.join("\n", session("ours-python", false, Client.PYTHON));
    String theirs = String.join("\n", session("theirs", true, Client.PYTHON));
    Files.writeString(Path.of("target", "reload-ours.txt"), ours + "\n");
    Files.writeString(Path.of("target", "reload-theirs.txt"), theirs + "\n");
    assertEquals(oursPython, ours, "Java vs Python supervisorctl against our daemon");
    assertEquals(theirs, ours, "against our daemon vs against Python's supervisord");
    assertTrue(ours.contains("keep pid unchanged: true"), ours);
    assertTrue(ours.contains("grp:g1 pid changed: true"), ours);
  }

  @Test
  void aBrokenConfigCannotBeRereadAndChangesNothing() throws Exception {
    sessionDir = Files.createDirectories(dir.resolve("broken"));
    writeConfig(BEFORE, INC_BEFORE);
    startOurs();
    awaitAllRunning(Client.JAVA, 6);
    String avail = ctl(Client.JAVA, "avail");
    String keepPid = pid(Client.JAVA, "keep");

    writeConfig(BEFORE + "[program:new]\ncommand=sleep 1\nstartsecs=ten\n", INC_BEFORE);
    int line = lineOf("startsecs=ten");
    String expected = "(exit 1)\nERROR: CANT_REREAD: DIR/supervisord.conf:" + line
        + ": [program:new] startsecs: not an integer: 'ten'";
    for (Client c : Client.values()) {
      assertEquals(expected, ctl(c, "reread"), c.toString());
      assertEquals(avail, ctl(c, "avail"), "the last parsed config is still the old one");
    }
    // update does not handle CANT_REREAD: supervisorctl shows the fault as an error, whose
    // ": file: F line: N" tail names each client's own source.
    String update = ctl(Client.JAVA, "update").replaceAll(": file: .*", "");
    assertEquals("(exit 1)\nerror: <class 'xmlrpc.client.Fault'>, <Fault 92: \""
        + expected.substring(expected.indexOf("CANT_REREAD")) + "\">", update);
    assertEquals(update, ctl(Client.PYTHON, "update").replaceAll(": file: .*", ""));

    writeConfig(BEFORE, INC_BEFORE + "[program:broken]\nnot an option line\n");
    String syntax = ctl(Client.JAVA, "reread");
    assertTrue(syntax.startsWith("(exit 1)\nERROR: CANT_REREAD: DIR/conf.d/inc.conf:"), syntax);
    assertEquals(syntax, ctl(Client.PYTHON, "reread"));
    assertEquals(avail, ctl(Client.JAVA, "avail"));
    assertEquals(keepPid, pid(Client.JAVA, "keep"));
  }

  private int lineOf(String text) throws IOException {
    List<String> lines = Files.readAllLines(conf());
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).equals(text)) {
        return i + 1;
      }
    }
    return fail(text + " not in the config");
  }

  @Test
  void sighupAppliesAChangedConfigAndARereadThenFindsNothingNew() throws Exception {
    sessionDir = Files.createDirectories(dir.resolve("hup"));
    writeConfig(BEFORE, INC_BEFORE);
    Process daemon = startOurs();
    awaitAllRunning(Client.JAVA, 6);
    String keepPid = pid(Client.JAVA, "keep");
    writeConfig(AFTER + "[supervisord]\nidentifier=changed\n", INC_AFTER);
    assertEquals("(exit 0)\ncmd: changed\ng2: available\ngone: disappeared\ngrp: changed\ninc: changed\n"
        + "new: available", ctl(Client.JAVA, "reread"));
    String log = Files.readString(sessionDir.resolve("supervisord.log"));
    assertTrue(log.contains("WARN configuration re-read: [supervisord] identifier changed; "
        + "not applied until supervisord restarts"), log);
    new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).inheritIO().start()
        .waitFor();
    // The restart stops everything and starts the new configuration: six processes.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      String status = rawCtl(Client.JAVA, "status");
      if (status.contains("new ") && status.lines().skip(1)
          .filter(l -> l.contains(" RUNNING ")).count() == 6) {
        break;
      }
      assertTrue(System.nanoTime() < deadline, "no restart:\n" + status);
      Thread.sleep(100);
    }
    assertNotEquals(keepPid, pid(Client.JAVA, "keep"), "a restart restarts every process");
    assertEquals("(exit 0)\nNo config updates to processes", ctl(Client.JAVA, "reread"));
    assertEquals("(exit 0)\nNo config updates to processes", ctl(Client.PYTHON, "reread"));
    assertEquals(ctl(Client.PYTHON, "avail"), ctl(Client.JAVA, "avail"));
  }
}
