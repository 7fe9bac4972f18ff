package org.jsupervisor.daemon;

import static org.jsupervisor.daemon.RunningDaemon.alive;
import static org.jsupervisor.daemon.RunningDaemon.await;
import static org.jsupervisor.daemon.RunningDaemon.read;
import static org.jsupervisor.daemon.RunningDaemon.readPid;
import static org.jsupervisor.daemon.RunningDaemon.signal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The real daemon in its own JVM, driven by signals as an operator or an init system would. */
class SupervisordDaemonTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  @TempDir Path dir;

  private Path config(boolean nodaemon, String programs) throws Exception {
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, """
        [supervisord]
        logfile=%(here)s/supervisord.log
        pidfile=%(here)s/supervisord.pid
        childlogdir=%(here)s
        nodaemon=""" + nodaemon + "\n" + programs);
    return conf;
  }

  private static final String TWO_PROGRAMS = """
      [program:first]
      command=/bin/sh -c 'echo $$ > %(here)s/first.pid; exec sleep 1000'
      startsecs=0
      priority=1

      [program:second]
      command=/bin/sh -c 'echo $$ > %(here)s/second.pid; exec sleep 1000'
      startsecs=0
      priority=2
      """;

  @Test
  void helpListsSupervisordsOptions() throws Exception {
    try (var d = RunningDaemon.start(dir, "--help")) {
      assertEquals(0, d.waitFor(LONG));
      String help = read(d.stdout);
      for (String option : List.of("-c/--configuration", "-n/--nodaemon", "-u/--user",
          "-l/--logfile", "-j/--pidfile", "-q/--childlogdir", "-a/--minfds", "--minprocs")) {
        assertTrue(help.contains(option), option + " missing from:\n" + help);
      }
    }
  }

  @Test
  void aBadConfigIsRefusedWithFileLineSectionAndOption() throws Exception {
    Path conf = config(true, "[program:web]\ncommand=/bin/true\nstartsecs=ten\n");
    try (var d = RunningDaemon.start(dir, "-c", conf.toString())) {
      assertEquals(2, d.waitFor(LONG));
      assertEquals("Error: " + conf + ":8: [program:web] startsecs: not an integer: 'ten'\n"
          + "For help, use supervisord -h\n", read(d.stderr));
      assertFalse(Files.exists(dir.resolve("supervisord.pid")));
    }
  }

  @Test
  void anUnknownOptionIsAWarnLineAtStartUpAfterARereadAndAtRestart() throws Exception {
    Path socket = dir.resolve("s.sock");
    String servers = "[unix_http_server]\nfile=" + socket + "\n[supervisorctl]\nserverurl=unix://" + socket
        + "\n[rpcinterface:supervisor]\n"
        + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n";
    String program = "[program:first]\ncommand=/bin/sh -c 'echo $$ > %(here)s/first.pid; exec sleep 1000'\n"
        + "startsecs=0\nautorestrat=true\n";
    Path conf = config(true, servers + program);
    try (var d = RunningDaemon.start(dir, "-c", conf.toString())) {
      await("the child", LONG, () -> readPid(dir.resolve("first.pid")) > 0 && Files.exists(socket));
      assertTrue(read(dir.resolve("supervisord.log")).contains("WARN " + conf
          + ":15: [program:first] unknown option 'autorestrat' (did you mean 'autorestart'?)\n"),
          read(dir.resolve("supervisord.log")));

      Files.writeString(conf, Files.readString(conf) + "stopwaitsec=5\n");
      var out = new java.io.ByteArrayOutputStream();
      var sink = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(0, org.jsupervisor.ctl.SupervisorctlMain.run(new String[] {"-c", conf.toString(), "reread"},
          new java.io.ByteArrayInputStream(new byte[0]), sink, sink), out.toString());
      await("the reread's warning", LONG, () -> read(dir.resolve("supervisord.log")).contains("WARN " + conf
          + ":16: [program:first] unknown option 'stopwaitsec' (did you mean 'stopwaitsecs'?)\n"));
      String typo = "WARN " + conf + ":15: [program:first] unknown option 'autorestrat'";
      assertEquals(2, occurrences(read(dir.resolve("supervisord.log")), typo), "start-up and reread");
      signal(d.process.pid(), "HUP");
      await("the restart's warnings", LONG, () -> occurrences(read(dir.resolve("supervisord.log")), typo) == 3);
      signal(d.process.pid(), "TERM");
      assertEquals(0, d.waitFor(LONG));
    }
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void checkConfigReportsWarningsAndExitsZeroWithoutStartingAnything() throws Exception {
    Path conf = config(true, "[program:first]\ncommand=/bin/sh -c 'echo $$ > %(here)s/first.pid'\n"
        + "autorestrat=true\n");
    try (var d = RunningDaemon.start(dir, "--check-config", "-c", conf.toString())) {
      assertEquals(0, d.waitFor(LONG), read(d.stderr));
      assertEquals(conf + ": configuration is valid\n", read(d.stdout));
      assertEquals("Warning: " + conf + ":8: [program:first] unknown option 'autorestrat'"
          + " (did you mean 'autorestart'?)\n", read(d.stderr));
    }
    for (String made : List.of("first.pid", "supervisord.pid", "supervisord.log")) {
      assertFalse(Files.exists(dir.resolve(made)), made);
    }
  }

  @Test
  void checkConfigReportsEveryErrorAndWarningAndExitsTwo() throws Exception {
    Path conf = config(false, "[program:first]\ncommand=/bin/true\nstartsecs=ten\nstartsec=1\n"
        + "[program:second]\nstopsignal=NOPE\n");
    try (var d = RunningDaemon.start(dir, "--check-config", "-c", conf.toString())) {
      assertEquals(2, d.waitFor(LONG));
      assertEquals("", read(d.stdout));
      assertEquals("Warning: " + conf + ":9: [program:first] unknown option 'startsec' (did you mean 'startsecs'?)\n"
          + "Error: " + conf + ":8: [program:first] startsecs: not an integer: 'ten'\n"
          + "Error: " + conf + ":10: [program:second] command: program section program:second does not specify a command\n"
          + "Error: " + conf + ":11: [program:second] stopsignal: value 'NOPE' is not a valid signal name\n",
          read(d.stderr));
    }
    assertFalse(Files.exists(dir.resolve("supervisord.pid")));
  }

  @Test
  void aMissingConfigFileIsAUsageError() throws Exception {
    try (var d = RunningDaemon.start(dir, "-c", dir.resolve("nope.conf").toString())) {
      assertEquals(2, d.waitFor(LONG));
      assertEquals("Error: could not find config file " + dir.resolve("nope.conf") + "\n"
          + "For help, use supervisord -h\n", read(d.stderr));
    }
  }

  @Test
  void foregroundDaemonStopsEveryChildOnSigtermAndRemovesItsPidfile() throws Exception {
    Path conf = config(true, TWO_PROGRAMS);
    try (var d = RunningDaemon.start(dir, "-c", conf.toString())) {
      await("both children", LONG, () -> readPid(dir.resolve("first.pid")) > 0
          && readPid(dir.resolve("second.pid")) > 0);
      int first = readPid(dir.resolve("first.pid"));
      int second = readPid(dir.resolve("second.pid"));
      assertEquals(d.process.pid(), readPid(dir.resolve("supervisord.pid")));
      signal(d.process.pid(), "TERM");
      assertEquals(0, d.waitFor(LONG));
      assertFalse(alive(first));
      assertFalse(alive(second));
      assertFalse(Files.exists(dir.resolve("supervisord.pid")));
      String log = read(dir.resolve("supervisord.log"));
      assertTrue(log.contains("WARN received SIGTERM indicating exit request"), log);
      assertTrue(log.indexOf("stopped: second") < log.indexOf("stopped: first"),
          "higher priority value stops first:\n" + log);
      assertTrue(read(d.stdout).contains("INFO spawned: 'first' with pid " + first),
          "nodaemon copies the log to stdout");
    }
  }

  @Test
  void backgroundDaemonDetachesAndStillSupervises() throws Exception {
    Path conf = config(false, TWO_PROGRAMS);
    long daemonPid = 0;
    try (var d = RunningDaemon.start(dir, "-c", conf.toString())) {
      assertEquals(0, d.waitFor(LONG), read(d.stderr));
      daemonPid = readPid(dir.resolve("supervisord.pid"));
      assertNotEquals(d.process.pid(), daemonPid);
      assertTrue(alive(daemonPid));
      await("children", LONG, () -> readPid(dir.resolve("first.pid")) > 0
          && readPid(dir.resolve("second.pid")) > 0);
      int first = readPid(dir.resolve("first.pid"));
      String stat = read(Path.of("/proc/" + daemonPid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      assertEquals(Long.toString(daemonPid), fields[3], "the daemon leads its own session");
      assertTrue(read(dir.resolve("supervisord.log")).contains("daemonizing the supervisord process"));
      signal(daemonPid, "TERM");
      long pid = daemonPid;
      await("daemon exit", LONG, () -> !alive(pid));
      assertFalse(alive(first));
      assertFalse(Files.exists(dir.resolve("supervisord.pid")));
    } finally {
      if (daemonPid > 0 && alive(daemonPid)) {
        signal(daemonPid, "KILL");
      }
    }
  }

  /** conf-examples/supervisord.conf, copied next to an empty run/ as in a fresh clone. */
  private Path exampleConfig() throws Exception {
    Path root = Path.of(System.getProperty("jsupervisor.projectRoot", "..")).toAbsolutePath();
    Path conf = dir.resolve("supervisord.conf");
    Files.copy(root.resolve("conf-examples/supervisord.conf"), conf);
    Files.createDirectories(dir.resolve("run"));
    return conf;
  }

  private void awaitExampleRunning() {
    await("heartbeat output", LONG, () -> read(dir.resolve("run/heartbeat.log")).startsWith("heartbeat "));
    await("flaky to give up", LONG, () -> read(dir.resolve("run/supervisord.log"))
        .contains("INFO gave up: flaky entered FATAL state, too many start retries too quickly"));
  }

  @ParameterizedTest(name = "nodaemon={0}")
  @ValueSource(booleans = {true, false})
  void theExampleConfigRunsInTheForegroundAndInTheBackground(boolean foreground) throws Exception {
    Path conf = exampleConfig();
    String[] args = foreground ? new String[] {"-n", "-c", conf.toString()}
        : new String[] {"-c", conf.toString()};
    long daemonPid = 0;
    try (var d = RunningDaemon.start(dir, args)) {
      if (!foreground) {
        assertEquals(0, d.waitFor(LONG), read(d.stderr));
      }
      await("pidfile", LONG, () -> readPid(dir.resolve("run/supervisord.pid")) > 0);
      daemonPid = readPid(dir.resolve("run/supervisord.pid"));
      awaitExampleRunning();
      signal(daemonPid, "TERM");
      long pid = daemonPid;
      await("daemon exit", LONG, () -> !alive(pid));
      assertFalse(Files.exists(dir.resolve("run/supervisord.pid")));
      assertTrue(read(dir.resolve("run/supervisord.log")).contains("stopped: worker"));
    } finally {
      if (daemonPid > 0 && alive(daemonPid)) {
        signal(daemonPid, "KILL");
      }
    }
  }

  @Test
  void aDetachedDaemonAppliesItsDirectoryAndUmask() throws Exception {
    Path wd = Files.createDirectory(dir.resolve("wd"));
    Path conf = config(false, """
        directory=%(here)s/wd
        umask=077

        [program:touch]
        command=/bin/sh -c 'echo $$ > made-here; exec sleep 1000'
        startsecs=0
        """);
    long daemonPid = 0;
    try (var d = RunningDaemon.start(dir, "-c", conf.toString())) {
      assertEquals(0, d.waitFor(LONG), read(d.stderr));
      daemonPid = readPid(dir.resolve("supervisord.pid"));
      Path made = wd.resolve("made-here");
      await("the child's file", LONG, () -> readPid(made) > 0);
      assertEquals(wd.toRealPath(), Path.of("/proc/" + daemonPid + "/cwd").toRealPath());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)));
      signal(daemonPid, "TERM");
      long pid = daemonPid;
      await("daemon exit", LONG, () -> !alive(pid));
    } finally {
      if (daemonPid > 0 && alive(daemonPid)) {
        signal(daemonPid, "KILL");
      }
    }
  }

  @Test
  void asRootTheDaemonDropsToItsConfiguredUser() throws Exception {
    assertEquals("root", System.getProperty("user.name"), "this test needs root, as CI has");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path conf = config(true, """
        user=nobody

        [program:child]
        command=/bin/sh -c 'echo $$ > %(here)s/child.pid; exec sleep 1000'
        startsecs=0
        """);
    try (var d = RunningDaemon.startFromReadableCopy(dir, "-c", conf.toString())) {
      await("child", LONG, () -> readPid(dir.resolve("child.pid")) > 0 || !d.process.isAlive());
      assertTrue(d.process.isAlive(), () -> "the daemon exited: " + read(d.stderr));
      int child = readPid(dir.resolve("child.pid"));
      for (long pid : new long[] {d.process.pid(), child}) {
        String uid = read(Path.of("/proc/" + pid + "/status")).lines()
            .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        assertEquals("Uid:\t65534\t65534\t65534\t65534", uid, "pid " + pid);
      }
      assertTrue(read(dir.resolve("supervisord.log"))
          .contains("INFO Set uid to user 65534 succeeded"));
      signal(d.process.pid(), "TERM");
      assertEquals(0, d.waitFor(LONG));
      assertFalse(alive(child));
    }
  }

  @Test
  void sigusr2ReopensChildLogsAfterALogrotateStyleRename() throws Exception {
    Path conf = config(true, """
        [program:talker]
        command=/bin/sh -c 'i=0; while true; do i=$((i+1)); echo "line $i"; sleep 0.02; done'
        stdout_logfile=%(here)s/talker.log
        startsecs=0
        """);
    Path log = dir.resolve("talker.log");
    Path rotated = dir.resolve("talker.log.rotated");
    try (var d = RunningDaemon.start(dir, "-c", conf.toString())) {
      await("output", LONG, () -> read(log).contains("line 3\n"));
      Files.move(log, rotated);
      signal(d.process.pid(), "USR2");
      await("a new log file", LONG, () -> read(log).contains("\n"));
      signal(d.process.pid(), "TERM");
      assertEquals(0, d.waitFor(LONG));
      List<String> before = read(rotated).lines().toList();
      List<String> after = read(log).lines().toList();
      int last = Integer.parseInt(before.get(before.size() - 1).substring(5));
      assertEquals("line " + (last + 1), after.get(0), "no line lost or repeated across the reopen");
      assertTrue(read(dir.resolve("supervisord.log"))
          .contains("INFO received SIGUSR2 indicating log reopen request"));
    }
  }

  @Test
  void aSecondDaemonOnTheSameSocketIsRefusedInTheForegroundAndInTheBackground() throws Exception {
    Path conf = config(true, """
        [unix_http_server]
        file=%(here)s/supervisor.sock

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [program:first]
        command=/bin/sh -c 'echo $$ > %(here)s/first.pid; exec sleep 1000'
        startsecs=0
        """);
    String refusal = "Error: Another program is already listening on a port that one of our HTTP "
        + "servers is configured to use.  Shut this program down first before starting "
        + "supervisord.\n";
    try (var d = RunningDaemon.start(dir, "-c", conf.toString())) {
      await("first daemon serving", LONG, () -> readPid(dir.resolve("first.pid")) > 0
          && Files.exists(dir.resolve("supervisor.sock")));
      Path otherPid = dir.resolve("other.pid");
      try (var second = RunningDaemon.start(dir, "-c", conf.toString(), "-j", otherPid.toString())) {
        assertEquals(2, second.waitFor(LONG));
        assertEquals(refusal, read(second.stderr));
      }
      Path background = dir.resolve("background.conf");
      Files.writeString(background, read(conf).replace("nodaemon=true", "nodaemon=false"));
      try (var fourth = RunningDaemon.start(dir, "-c", background.toString(), "-j",
          otherPid.toString())) {
        assertEquals(2, fourth.waitFor(LONG));
        assertEquals(refusal, read(fourth.stderr));
      }
      assertTrue(d.process.isAlive(), "the first daemon is undisturbed");
      assertTrue(Files.exists(dir.resolve("supervisor.sock")), "and keeps its socket");
      signal(d.process.pid(), "TERM");
      assertEquals(0, d.waitFor(LONG));
      assertFalse(Files.exists(dir.resolve("supervisor.sock")), "removed at exit");
    }
  }

  @Test
  void aFastCgiSocketThatCannotBeCreatedEndsStartUpInTheForegroundAndInTheBackground()
      throws Exception {
    try (var taken = new java.net.ServerSocket()) {
      taken.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
      String url = "tcp://127.0.0.1:" + taken.getLocalPort();
      Path conf = config(true, "[fcgi-program:web]\ncommand=/bin/cat\nsocket=" + url + "\n");
      String refusal = "Error: Could not create FastCGI socket " + url
          + ": [Errno 98] Address already in use\n";
      try (var d = RunningDaemon.start(dir, "-c", conf.toString())) {
        assertEquals(2, d.waitFor(LONG));
        assertEquals(refusal, read(d.stderr));
      }
      Files.writeString(conf, read(conf).replace("nodaemon=true", "nodaemon=false"));
      try (var d = RunningDaemon.start(dir, "-c", conf.toString())) {
        assertEquals(2, d.waitFor(LONG));
        assertEquals(refusal, read(d.stderr));
      }
      assertFalse(Files.exists(dir.resolve("supervisord.pid")));
      assertTrue(read(dir.resolve("supervisord.log")).contains("INFO Creating socket " + url));
    }
  }

  @Test
  void sigintStopsADaemonStartedWithSigintIgnored() throws Exception {
    Path conf = config(true, TWO_PROGRAMS);
    try (var d = RunningDaemon.startWithIgnoredSignals(dir, "-c", conf.toString())) {
      await("children", LONG, () -> readPid(dir.resolve("first.pid")) > 0);
      int first = readPid(dir.resolve("first.pid"));
      String ignored = read(Path.of("/proc/" + first + "/status")).lines()
          .filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow();
      assertEquals("SigIgn:\t0000000000000000", ignored, "children get default dispositions");
      signal(d.process.pid(), "INT");
      assertEquals(0, d.waitFor(LONG));
      assertFalse(alive(first));
      assertTrue(read(dir.resolve("supervisord.log"))
          .contains("WARN received SIGINT indicating exit request"));
    }
  }

  @Test
  void sighupRestartsEveryProgramInTheSameDaemon() throws Exception {
    Path conf = config(true, TWO_PROGRAMS);
    try (var d = RunningDaemon.start(dir, "-c", conf.toString())) {
      await("children", LONG, () -> readPid(dir.resolve("first.pid")) > 0);
      int before = readPid(dir.resolve("first.pid"));
      signal(d.process.pid(), "HUP");
      await("a new child", LONG, () -> {
        int now = readPid(dir.resolve("first.pid"));
        return now > 0 && now != before;
      });
      assertFalse(alive(before));
      assertTrue(d.process.isAlive());
      assertTrue(read(dir.resolve("supervisord.log"))
          .contains("WARN received SIGHUP indicating restart request"));
      signal(d.process.pid(), "TERM");
      assertEquals(0, d.waitFor(LONG));
    }
  }
}
