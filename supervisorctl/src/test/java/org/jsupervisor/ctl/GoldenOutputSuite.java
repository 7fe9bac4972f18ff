package org.jsupervisor.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Python's supervisorctl 4.2.5 and ours against the same daemon and requires the same stdout
 * and exit status for every command (pids, uptimes and dates normalised). Commands that change state
 * are followed by a reset so both clients see the same state. {@link GoldenOutputTest} runs it
 * against Python's supervisord; supervisor-rpc's {@code GoldenOutputOnOurDaemonTest} against ours.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class GoldenOutputSuite {
  private static final String PROGRAMS = """
      [program:sleeper]
      command=sleep 1000
      startsecs=0

      [program:talker]
      command=sh -c "echo one; echo two; echo oops >&2; exec sleep 1000"
      startsecs=0
      stdout_logfile=%(here)s/talker.out
      stderr_logfile=%(here)s/talker.err

      [program:quick]
      command=sh -c "echo bye; sleep 1"
      startsecs=0
      autorestart=false

      [program:broken]
      command=/nonexistent/program
      startretries=0

      [program:grp]
      command=sleep 1000
      process_name=%(program_name)s_%(process_num)d
      numprocs=2
      startsecs=0

      [program:repeater]
      command=sh -c 'while read line; do echo "got: $line"; done'
      startsecs=0
      """;

  @TempDir static Path dir;
  PythonSupervisor supervisor;
  private int authPort;

  /** Starts the daemon under test on {@code supervisor}'s config and waits until it has settled. */
  abstract void startDaemon(PythonSupervisor supervisor) throws Exception;

  @BeforeAll
  void startSupervisord() throws Exception {
    authPort = PythonSupervisor.freePort();
    supervisor = new PythonSupervisor(dir, PROGRAMS
        + "\n[inet_http_server]\nport=127.0.0.1:" + authPort + "\nusername=alice\npassword=secret\n");
    startDaemon(supervisor);
    awaitQuickExited();
  }

  @AfterAll
  void stopSupervisord() throws Exception {
    if (supervisor != null) {
      supervisor.close();
    }
  }

  /** A command, and the commands (run with Python's client) that undo what it did. */
  private record Step(String command, String... reset) {}

  @TestFactory
  @Order(1)
  Stream<DynamicTest> everyCommandMatchesPython() {
    List<Step> steps = new ArrayList<>(List.of(
        new Step("status"),
        new Step("status sleeper grp:* nosuch nosuchgroup:* grp:grp_9"),
        new Step("status quick"),
        new Step("status broken"),
        new Step("pid"),
        new Step("pid sleeper"),
        new Step("pid quick"),
        new Step("pid nosuch"),
        new Step("avail"),
        new Step("version"),
        new Step("version extra"),
        new Step("help"),
        new Step("help help"),
        new Step("help EOF"),
        new Step("? status"),
        new Step("start"),
        new Step("stop"),
        new Step("restart"),
        new Step("signal"),
        new Step("signal CONT"),
        new Step("clear"),
        new Step("reread"),
        new Step("avail extra"),
        new Step("open bogus://x"),
        new Step("fg"),
        new Step("fg nosuch"),
        new Step("fg quick"),
        new Step("shutdown extra"),
        new Step("reload extra"),
        new Step("nosuch command"),
        new Step("!ls"),
        new Step("tail talker"),
        new Step("tail -4 talker"),
        new Step("tail talker stderr"),
        new Step("tail talker bogus"),
        new Step("tail -x talker"),
        new Step("tail"),
        new Step("tail -1 a b c"),
        new Step("tail nosuch"),
        new Step("tail sleeper"),
        new Step("maintail -20"),
        new Step("maintail -x"),
        new Step("maintail -1 -2"),
        new Step("start sleeper"),
        new Step("start broken"),
        new Step("start nosuch:*"),
        new Step("start grp:*"),
        new Step("start quick", "stop quick"),
        new Step("start all"),
        new Step("stop quick"),
        new Step("stop sleeper", "start sleeper"),
        new Step("stop grp:*", "start grp:*"),
        new Step("restart sleeper"),
        new Step("restart grp:grp_0 quick"),
        new Step("signal CONT sleeper grp:* quick nosuch nosuch:*"),
        new Step("signal BOGUS sleeper"),
        new Step("signal CONT all"),
        new Step("clear talker nosuch grp:*"),
        new Step("update"),
        new Step("update nosuch sleeper"),
        new Step("add sleeper nosuch"),
        new Step("remove nosuch sleeper"),
        new Step("quit"),
        new Step("exit"),
        new Step("EOF")));
    // Python's client costs ~0.3 s a run: run it for the read-only steps up front, in parallel, on the
    // initial state. The read-only steps come first in the list, so ours sees that same state.
    var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    var early = new java.util.HashMap<Step, java.util.concurrent.Future<PythonSupervisor.Result>>();
    for (Step step : steps) {
      if (readOnly(step)) {
        early.put(step, pool.submit(() -> supervisor.ctl(step.command().split(" "))));
      } else {
        break;
      }
    }
    pool.shutdown();
    return steps.stream().map(step -> DynamicTest.dynamicTest(step.command(),
        () -> compare(step, early.containsKey(step) ? early.get(step).get() : null)));
  }

  private static final List<String> READ_ONLY = List.of(
      "status", "pid", "avail", "version", "help", "?", "nosuch", "!ls", "tail", "maintail", "reread", "open",
      "fg", "shutdown", "reload", "quit", "exit", "EOF");

  /** Steps that change nothing: read-only commands, and the mutating ones refused for their arguments. */
  private static boolean readOnly(Step step) {
    String[] words = step.command().split(" ");
    return step.reset().length == 0 && (READ_ONLY.contains(words[0]) || words.length == 1
        || step.command().equals("signal CONT"));
  }

  private void compare(Step step, PythonSupervisor.Result early) throws Exception {
    String[] words = step.command().split(" ");
    var python = early != null ? early : supervisor.ctl(words);
    resetAfter(step);
    awaitQuickExited();
    var ours = supervisor.ours(words);
    resetAfter(step);
    awaitQuickExited();
    assertEquals(linesInOrder(step, PythonSupervisor.normalise(python.out())),
        linesInOrder(step, PythonSupervisor.normalise(ours.out())),
        "stdout of '" + step.command() + "'");
    assertEquals(python.code(), ours.code(), "exit status of '" + step.command() + "'");
  }

  /**
   * Results of a group or {@code all} start/stop come in the order the processes finished, which
   * varies from run to run even against Python's supervisord: compare those lines as a set.
   */
  private static String linesInOrder(Step step, String out) {
    boolean completionOrdered = step.command().contains(":*") || step.command().endsWith(" all");
    return completionOrdered ? out.lines().sorted().collect(java.util.stream.Collectors.joining("\n"))
        : out;
  }

  /**
   * Runs the step's resets with Python's client, as before the step: with our faster client, Python's
   * supervisord then reports the stops of a group's processes in another order (they exit in another).
   */
  /**
   * {@code quick} exits one second after it starts. Python's supervisord 4.2.5 reaps right after
   * spawning in startProcess, so a child that exited at once was "started" or "abnormal termination"
   * depending on which ran first; a second is far longer than that window, so both daemons always
   * answer "started". Each step then begins once {@code quick} has exited again, so the next command
   * finds the same state whichever client ran before it.
   */
  private void awaitQuickExited() throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    String status = "";
    while (Instant.now().isBefore(deadline)) {
      status = supervisor.ours("status", "quick").out(); // in process: fast enough to poll
      if (!status.contains("RUNNING") && !status.contains("STARTING") && !status.contains("STOPPING")) {
        return;
      }
      Thread.sleep(50);
    }
    fail("quick did not exit: " + status);
  }

  private void resetAfter(Step step) throws Exception {
    for (String reset : step.reset()) {
      supervisor.ctl(reset.split(" "));
    }
  }

  @Test
  @Order(2)
  void updateAddsChangesAndRemovesGroupsLikePython() throws Exception {
    Path conf = supervisor.conf();
    String original = Files.readString(conf);
    // New group, changed group and dropped group at once.
    String changed = original.replace("[program:quick]\ncommand=sh -c \"echo bye;", "[program:quick]\ncommand=sh -c \"echo ciao;")
        .replace("[program:sleeper]\ncommand=sleep 1000\nstartsecs=0\n", "")
        + "\n[program:fresh]\ncommand=sleep 1000\nstartsecs=0\n";
    Files.writeString(conf, changed);
    try {
      var pythonReread = supervisor.ctl("reread");
      var oursReread = supervisor.ours("reread");
      assertEquals(pythonReread.out(), oursReread.out());
      assertEquals("fresh: available\nquick: changed\nsleeper: disappeared\n", oursReread.out());

      var python = supervisor.ctl("update", "fresh", "quick", "nosuch");
      undoUpdate(original, changed);
      var ours = supervisor.ours("update", "fresh", "quick", "nosuch");
      assertEquals(python.out(), ours.out());
      assertEquals(python.code(), ours.code());
    } finally {
      Files.writeString(conf, original);
      supervisor.ours("update");
      supervisor.ours("start", "all");
    }
  }

  /** Puts the original groups back, then rewrites the changed config so the same diff shows again. */
  private void undoUpdate(String original, String changed) throws Exception {
    Files.writeString(supervisor.conf(), original);
    supervisor.ours("update");
    supervisor.ours("start", "all");
    Files.writeString(supervisor.conf(), changed);
  }

  @Test
  @Order(3)
  void interactiveShellMatchesPython() throws Exception {
    byte[] typed = PythonSupervisor.stdin("status sleeper\n\nfoo\nhelp quit\npid nosuch\nversion\n");
    var python = supervisor.pythonCtl(typed, "-c", supervisor.conf().toString());
    var ours = PythonSupervisor.oursRaw(typed, "-c", supervisor.conf().toString());
    assertEquals(PythonSupervisor.normalise(python.out()), PythonSupervisor.normalise(ours.out()));
    assertEquals(0, python.code());
    assertEquals(0, ours.code());
    assertTrue(ours.out().endsWith("supervisor> \n"), ours.out());

    byte[] quit = PythonSupervisor.stdin("quit\nstatus\n");
    python = supervisor.pythonCtl(quit, "-c", supervisor.conf().toString());
    ours = PythonSupervisor.oursRaw(quit, "-c", supervisor.conf().toString());
    assertEquals(PythonSupervisor.normalise(python.out()), PythonSupervisor.normalise(ours.out()));
  }

  @Test
  @Order(4)
  void historyFileKeepsTypedLines() throws Exception {
    Path history = dir.resolve("history");
    Path conf = dir.resolve("history.conf");
    Files.writeString(conf, "[supervisorctl]\nserverurl=unix://" + supervisor.socket() + "\nprompt=hist\nhistory_file="
        + history + "\n");
    var ours = PythonSupervisor.oursRaw(PythonSupervisor.stdin("version\n"), "-c", conf.toString());
    assertTrue(ours.out().contains("hist> "), ours.out());
    assertEquals(List.of("version"), Files.readAllLines(history));
  }

  @Test
  @Order(5)
  @org.junit.jupiter.api.Timeout(30)
  void tailFollowStreamsUntilInterrupted() throws Exception {
    supervisor.ours("restart", "talker"); // earlier "clear" steps emptied its log
    var sink = new PipedInputStream(1 << 16);
    var out = new PrintStream(new PipedOutputStream(sink), true, StandardCharsets.UTF_8);
    var interrupts = new Interrupts(() -> { });
    var status = new AtomicInteger(-1);
    var env = new SupervisorctlMain.Environment("supervisorctl", dir, null, interrupts, s -> { });
    Thread client = new Thread(() -> status.set(SupervisorctlMain.run(
        new String[] {"-c", supervisor.conf().toString(), "tail", "-f", "talker"},
        new java.io.ByteArrayInputStream(new byte[0]), out, new PrintStream(new ByteArrayOutputStream()), env)));
    client.start();
    var seen = new StringBuilder();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!seen.toString().contains("two\n") && Instant.now().isBefore(deadline)) {
      if (sink.available() == 0) {
        Thread.sleep(20);
        continue;
      }
      int b = sink.read();
      if (b < 0) {
        break;
      }
      seen.append((char) b);
    }
    assertEquals("==> Press Ctrl-C to exit <==\none\ntwo\n", seen.toString());
    while (!interrupts.streaming()) {
      Thread.sleep(10);
    }
    interrupts.fire();
    // Drain what is left so the writer never blocks, until the client ends.
    var drain = new Thread(() -> {
      try {
        sink.transferTo(OutputStreamSink.INSTANCE);
      } catch (Exception ignored) {
        // the pipe breaks once the client thread is gone
      }
    });
    drain.setDaemon(true);
    drain.start();
    client.join(10_000);
    assertEquals(0, status.get());
  }

  @Test
  @Order(6)
  @org.junit.jupiter.api.Timeout(30)
  void tailFollowOfUnknownProcessReportsTheStatusOnStderr() {
    var ours = supervisor.ours("tail", "-f", "nosuch");
    assertEquals("==> Press Ctrl-C to exit <==\n", ours.out());
    assertEquals("unix://" + supervisor.socket() + "/logtail/nosuch/stdout Cannot read, status code 404\n", ours.err());
    assertEquals(0, ours.code());
  }

  @Test
  @Order(7)
  void authenticationFailuresMatchPython() throws Exception {
    String url = "http://127.0.0.1:" + authPort;
    for (String[] args : List.of(
        new String[] {"-s", url, "status"},
        new String[] {"-s", url, "-u", "alice", "-p", "wrong", "status"},
        new String[] {"-s", url, "-u", "alice", "-p", "secret", "status"},
        new String[] {"-s", url, "-u", "alice", "-p", "secret", "tail", "talker"})) {
      var python = supervisor.pythonCtl(new byte[0], args);
      var ours = PythonSupervisor.oursRaw(new byte[0], args);
      assertEquals(PythonSupervisor.normalise(python.out()), PythonSupervisor.normalise(ours.out()), String.join(" ", args));
      assertEquals(python.code(), ours.code(), String.join(" ", args));
    }
  }

  @Test
  @Order(11)
  @org.junit.jupiter.api.Timeout(60)
  void fgSendsPipedLinesToTheProcessUntilEndOfInput() throws Exception {
    // Python's client is left out here: after "Exiting foreground" its stream threads (not daemon
    // threads) may print more, and hold its exit until asyncore's 30-second select timeout.
    var ours = PythonSupervisor.oursRaw(PythonSupervisor.stdin("one\ntwo\n"),
        "-c", supervisor.conf().toString(), "fg", "repeater");
    // What the log stream shows in between depends on timing; the frame and the exit status do not.
    assertTrue(ours.out().startsWith("==> Press Ctrl-C to exit <==\n"), ours.out());
    assertTrue(ours.out().endsWith("Exiting foreground\n"), ours.out());
    assertEquals(0, ours.code(), ours.out());
    awaitLog("repeater", "got: one\ngot: two\n");
  }

  /** Polls {@code tail <name>} until {@code text} is in the last 1600 bytes of its stdout log. */
  private void awaitLog(String name, String text) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    String log = "";
    while (Instant.now().isBefore(deadline)) {
      log = supervisor.ours("tail", name).out();
      if (log.contains(text)) {
        return;
      }
      Thread.sleep(50); // another process writes the log: nothing here to wait on
    }
    assertEquals(text, log, "the log of " + name);
  }

  @Test
  @Order(12)
  @org.junit.jupiter.api.Timeout(60)
  void fgEndsOnCtrlCAndTheShellGetsTheNextLine() throws Exception {
    var keyboard = new PipedOutputStream();
    var stdin = new PipedInputStream(keyboard);
    var screen = new Screen();
    var interrupts = new Interrupts(() -> { });
    var status = new AtomicInteger(-1);
    var env = new SupervisorctlMain.Environment("supervisorctl", dir, null, interrupts, s -> { });
    Thread client = new Thread(() -> status.set(SupervisorctlMain.run(
        new String[] {"-c", supervisor.conf().toString()}, stdin, new PrintStream(screen, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream()), env)));
    client.start();
    String version = supervisor.ours("version").out();
    screen.await("supervisor> ");
    type(keyboard, "fg repeater\n");
    screen.await("==> Press Ctrl-C to exit <==\n");
    type(keyboard, "ping\n");
    screen.await("got: ping\n");
    interrupts.fire(); // Ctrl-C: fg is reading the next line
    screen.await("Exiting foreground\nsupervisor> ");
    // The line fg was waiting for when Ctrl-C came belongs to the shell now.
    type(keyboard, "version\n");
    screen.await(version + "supervisor> ");
    keyboard.close();
    client.join(10_000);
    assertEquals(0, status.get());
  }

  private static void type(java.io.OutputStream keyboard, String text) throws java.io.IOException {
    keyboard.write(text.getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
  }

  /** What a client printed, for waiting until some text shows (after what was awaited before). */
  private static final class Screen extends java.io.OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int mark;

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
      notifyAll();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
      notifyAll();
    }

    synchronized void await(String text) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (true) {
        String shown = bytes.toString(StandardCharsets.UTF_8);
        int at = shown.indexOf(text, mark);
        if (at >= 0) {
          mark = at + text.length();
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          assertEquals(text, shown.substring(mark), "did not show");
        }
        wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  @Test
  @Order(20)
  void shutdownStopsTheDaemonAndThenReportsItGone() throws Exception {
    var ours = supervisor.ours("shutdown");
    assertEquals("Shut down\n", ours.out());
    assertEquals(0, ours.code());
    supervisor.awaitExit();
    var python = supervisor.ctl("shutdown");
    ours = supervisor.ours("shutdown");
    assertEquals(python.out(), ours.out());
    assertEquals(python.code(), ours.code());
    python = supervisor.ctl("status");
    ours = supervisor.ours("status");
    assertEquals(python.out(), ours.out());
    assertEquals(python.code(), ours.code());
  }

  /** Discards bytes. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
