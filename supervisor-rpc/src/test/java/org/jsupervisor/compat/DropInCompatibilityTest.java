package org.jsupervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Details a drop-in replacement must get right, under Python's supervisord 4.2.5 and under our
 * daemon on the same config at {@code loglevel=debug}: the order in which a heterogeneous group's
 * processes are spawned at start-up and signalled at shutdown (programs= order, then priority
 * reversed); named log files that exist from the spawn on, so {@code tail}, {@code tail -f},
 * {@code /logtail} and the log RPCs see an empty file before the program prints; serverurl in
 * the child's environment and in getAllConfigInfo; and the main log's copies of child output
 * that is not UTF-8 ({@code Undecodable: b'...'}). The scenario is {@code dropin_scenario.py}
 * plus supervisorctl; both transcripts must be equal.
 */
class DropInCompatibilityTest {
  /** The main log lines compared, without their timestamps and pids. */
  private static final Pattern SPAWNED = Pattern.compile(" INFO (spawned: '[^']+') with pid \\d+$");
  private static final Pattern KILLING =
      Pattern.compile(" DEBG (killing \\S+) \\(pid \\d+\\) (with signal \\w+)$");
  private static final Pattern OUTPUT = Pattern.compile(" DEBG ('(mixed|utf8|lst)' \\w+ output:)$");

  @TempDir Path dir;
  private final PythonSupervisor python = new PythonSupervisor();
  private final DaemonProcesses daemons = new DaemonProcesses();

  @AfterEach
  void stopDaemons() throws InterruptedException {
    daemons.close();
  }

  @Test
  void groupOrderLogFilesServerurlAndUndecodableOutputAsUnderPythonSupervisord()
      throws Exception {
    String ours = session(dir.resolve("ours"), true);
    String theirs = session(dir.resolve("theirs"), false);
    Files.writeString(Path.of("target", "dropin-ours.txt"), ours);
    Files.writeString(Path.of("target", "dropin-theirs.txt"), theirs);
    // The scenario must show what it is about, or an equal transcript proves nothing.
    for (String expected : List.of(
        "spawned: 'zeta'\nspawned: 'alpha_0'\nspawned: 'alpha_1'\nspawned: 'mid'\n"
            + "spawned: 'beta'\n",
        "killing zeta with signal SIGTERM\nkilling beta with signal SIGTERM\n"
            + "killing mid with signal SIGTERM\nkilling alpha_1 with signal SIGTERM\n"
            + "killing alpha_0 with signal SIGTERM\n",
        "'mixed' stdout output:\nUndecodable: b\"ok \\xc3\\xa9 \\x88 it's\\n\"\n",
        "'lst' stdout output:\nb'READY\\n'\n",
        "quiet.out exists: True\n",
        "$ tail quiet (exit 0)\n",
        "$ tail -f later\n==> Press Ctrl-C to exit <==\nhello\nstill following\n",
        "envempty saw [unset]\n",
        "config envunset envunset 'none'\n")) {
      assertTrue(theirs.contains(expected), "no " + expected + " in:\n" + theirs);
    }
    assertEquals(theirs, ours);
  }

  private String session(Path sessionDir, boolean ours) throws Exception {
    Files.createDirectories(sessionDir);
    Path scenario = sessionDir.resolve("dropin_scenario.py");
    try (InputStream in = getClass().getResourceAsStream("/compat/dropin_scenario.py")) {
      Files.write(scenario, in.readAllBytes());
    }
    // One printf each, so each output is one write and one chunk in the main log.
    script(sessionDir, "mixed.sh", "printf 'ok \\303\\251 \\210 it\\047s\\n'");
    script(sessionDir, "utf8.sh", "printf 'caf\\303\\251\\n'");
    script(sessionDir, "env.sh", "echo \"[${SUPERVISOR_SERVER_URL-unset}]\"");
    script(sessionDir, "ready.sh", "printf 'READY\\n'");
    script(sessionDir, "later.sh", "while [ ! -e go ]; do sleep 0.05; done; echo hello");
    Path socket = sessionDir.resolve("s.sock");
    Path conf = sessionDir.resolve("supervisord.conf");
    var lines = new ArrayList<>(List.of(
        "[supervisord]",
        "logfile=" + sessionDir.resolve("supervisord.log"),
        "pidfile=" + sessionDir.resolve("supervisord.pid"),
        "childlogdir=" + sessionDir,
        "loglevel=debug",
        "[unix_http_server]",
        "file=" + socket,
        "[supervisorctl]",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        // Neither name nor priority order: the group starts in this order, stops by priority.
        "[group:g]", "programs=zeta,alpha,mid,beta", "priority=50",
        "[program:zeta]", "command=sleep 1000", "startsecs=0", "priority=300",
        "[program:alpha]", "command=sleep 1000", "startsecs=0", "priority=100",
        "process_name=%(program_name)s_%(process_num)d", "numprocs=2",
        "[program:mid]", "command=sleep 1000", "startsecs=0", "priority=200",
        "[program:beta]", "command=sleep 1000", "startsecs=0", "priority=200",
        "[program:quiet]", "command=sleep 1000", "startsecs=0",
        "stdout_logfile=" + sessionDir.resolve("quiet.out"),
        "stderr_logfile=" + sessionDir.resolve("quiet.err"),
        "[program:lazy]", "command=sleep 1000", "startsecs=0", "autostart=false",
        "stdout_logfile=" + sessionDir.resolve("lazy.out"),
        "[program:later]", "command=" + sessionDir.resolve("later.sh"), "startsecs=0",
        "directory=" + sessionDir, "stdout_logfile=" + sessionDir.resolve("later.out"),
        "[eventlistener:lst]", "command=" + sessionDir.resolve("ready.sh"),
        "events=PROCESS_STATE_FATAL", "stderr_logfile=" + sessionDir.resolve("lst.err")));
    for (String program : List.of("mixed", "utf8")) {
      lines.addAll(List.of("[program:" + program + "]",
          "command=" + sessionDir.resolve(program + ".sh"), "startsecs=0",
          "stdout_logfile=" + sessionDir.resolve(program + ".log")));
    }
    for (String[] env : new String[][] {{"envunset", null}, {"envempty", ""},
        {"envauto", "AUTO"}, {"envset", "http://127.0.0.1:1"}}) {
      lines.addAll(List.of("[program:" + env[0] + "]",
          "command=" + sessionDir.resolve("env.sh"), "startsecs=0",
          "stdout_logfile=" + sessionDir.resolve(env[0] + ".out")));
      if (env[1] != null) {
        lines.add("serverurl=" + env[1]);
      }
    }
    lines.add("");
    Files.writeString(conf, String.join("\n", lines));

    Path out = sessionDir.resolve(ours ? "jsupervisord.out" : "python-supervisord.out");
    Process daemon = ours ? daemons.startOurs(sessionDir, conf)
        : daemons.track(python.startSupervisord(sessionDir, conf));
    DaemonProcesses.awaitSocket(socket, daemon, out);
    var transcript = new StringBuilder();
    var r = python.run(sessionDir, List.of(scenario.toString(), socket.toString(),
        sessionDir.toString()));
    assertEquals(0, r.status(), () -> (ours ? "ours" : "theirs") + ": " + r.output()
        + "\ndaemon:\n" + DaemonProcesses.read(out));
    transcript.append(r.output());
    String url = "unix://" + socket;
    for (String command : List.of("tail quiet", "tail quiet stderr", "tail lst stderr")) {
      var c = python.supervisorctl(sessionDir, conf, url, command.split(" "));
      transcript.append("$ ").append(command).append(" (exit ").append(c.status()).append(")\n")
          .append(c.output());
    }
    transcript.append("$ tail -f later\n").append(tailF(sessionDir, conf, url)).append("\n");
    var shutdown = python.supervisorctl(sessionDir, conf, url, "shutdown");
    transcript.append("$ shutdown (exit ").append(shutdown.status()).append(")\n");
    assertTrue(DaemonProcesses.awaitExit(daemon, 30), "the daemon exits after shutdown");
    transcript.append(mainLog(sessionDir.resolve("supervisord.log")));
    return transcript.toString().replace(sessionDir.toString(), "DIR");
  }

  private static void script(Path dir, String name, String body) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\nexec sleep 1000\n");
    p.toFile().setExecutable(true);
  }

  /**
   * {@code tail -f later} before {@code later} has printed: once the client says it follows, the
   * file {@code go} makes {@code later} print {@code hello}, which a client still following
   * shows. On a missing log file the client would stop at once with an error instead.
   */
  private String tailF(Path sessionDir, Path conf, String url) throws Exception {
    var pb = new ProcessBuilder("python3",
        python.root.resolve("usr/bin/supervisorctl").toString(), "-c", conf.toString(), "-s", url,
        "tail", "-f", "later").directory(sessionDir.toFile()).redirectErrorStream(true);
    pb.environment().put("PYTHONPATH",
        python.root.resolve("usr/lib/python3/dist-packages").toString());
    // Its first line would be flushed only by later output.
    pb.environment().put("PYTHONUNBUFFERED", "1");
    Process p = daemons.track(pb.start());
    // Only if something is badly wrong: neither hello nor an exit within a minute.
    CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(p::destroy);
    var text = new StringBuilder();
    try (var in = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        text.append(line).append('\n');
        if (line.equals("==> Press Ctrl-C to exit <==")) {
          Files.createFile(sessionDir.resolve("go"));
        } else if (line.equals("hello")) {
          break;
        }
      }
    }
    String outcome = p.isAlive() ? "still following" : "exited " + p.exitValue();
    p.destroy();
    p.waitFor();
    return text + outcome;
  }

  /**
   * The spawn and kill order, then the copies of mixed's, utf8's and lst's first output by program
   * name: the programs write at once, so where their copies fall among each other and among the
   * spawns depends on timing, under either daemon.
   */
  private static String mainLog(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    var kept = new StringBuilder("main log:\n");
    var shown = new java.util.TreeMap<String, String>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m;
      if ((m = SPAWNED.matcher(line)).find()) {
        kept.append(m.group(1)).append('\n');
      } else if ((m = KILLING.matcher(line)).find()) {
        kept.append(m.group(1)).append(' ').append(m.group(2)).append('\n');
      } else if ((m = OUTPUT.matcher(line)).find() && !shown.containsKey(m.group(2))
          && i + 1 < lines.size()) {
        shown.put(m.group(2), m.group(1) + '\n' + lines.get(i + 1) + '\n');
      }
    }
    shown.values().forEach(kept::append);
    return new String(kept.toString().getBytes(StandardCharsets.ISO_8859_1),
        StandardCharsets.UTF_8);
  }
}
