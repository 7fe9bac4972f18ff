package org.jsupervisor.daemon;

import static org.jsupervisor.daemon.RunningDaemon.await;
import static org.jsupervisor.daemon.RunningDaemon.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jsupervisor.rpc.XmlRpcCodec;
import org.jsupervisor.rpc.XmlRpcMutator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile but authenticated XML-RPC clients against the real daemon in its own JVM with a 64 MiB
 * heap: bodies that nest deeply or are large, that forge log lines, that fill a child's stdin,
 * and a seeded stream of mutated calls. Every answer must be a result, a fault or a 400, the log
 * must keep one line per entry, and the daemon must keep serving without using a core.
 */
class HostileRpcDaemonTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final Pattern LOG_LINE =
      Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} [A-Z]{4} .*");

  @TempDir Path dir;
  private RunningDaemon daemon;
  private Path socket;
  private Path log;
  private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void start() throws Exception {
    Path conf = dir.resolve("supervisord.conf");
    // deaf reads nothing from stdin until the test creates "go", then copies it to "got".
    Files.writeString(conf, """
        [unix_http_server]
        file=%(here)s/supervisor.sock

        [supervisord]
        logfile=%(here)s/supervisord.log
        pidfile=%(here)s/supervisord.pid
        childlogdir=%(here)s
        nodaemon=true

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [program:deaf]
        command=/bin/sh -c 'while [ ! -e %(here)s/go ]; do sleep 0.2; done; exec cat > %(here)s/got'
        startsecs=0
        """);
    socket = dir.resolve("supervisor.sock");
    log = dir.resolve("supervisord.log");
    daemon = RunningDaemon.start(dir, List.of("-Xmx64m"), "-c", conf.toString());
    await("the daemon's socket", LONG, () -> Files.exists(socket));
    await("deaf RUNNING", LONG, () -> call("supervisor.getProcessInfo", "deaf").body()
        .contains("<string>RUNNING</string>"));
  }

  @AfterEach
  void stop() throws Exception {
    watchdog.shutdownNow();
    daemon.close();
  }

  record Answer(int status, String body) {}

  private Answer call(String method, Object... params) {
    try {
      return post(XmlRpcCodec.call(method, params));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** One request on its own connection; an answer must come within 60 s. */
  private Answer post(byte[] body) throws IOException {
    try (var ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      var timeout = watchdog.schedule(() -> {
        try {
          ch.close();
        } catch (IOException e) {
          // closing is all we want
        }
      }, 60, TimeUnit.SECONDS);
      String head = "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
          + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
      ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
      var out = ByteBuffer.wrap(body);
      while (out.hasRemaining()) {
        ch.write(out);
      }
      var in = new ByteArrayOutputStream();
      var buf = ByteBuffer.allocate(65536);
      try {
        while (ch.read(buf) >= 0) {
          in.write(buf.array(), 0, buf.position());
          buf.clear();
        }
      } catch (IOException e) {
        if (!timeout.cancel(false)) {
          fail("no answer within 60 s");
        }
        throw e;
      }
      timeout.cancel(false);
      String response = in.toString(StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      return new Answer(status, response.substring(response.indexOf("\r\n\r\n") + 4));
    }
  }

  private static byte[] callWith(String method, String paramXml) {
    return ("<?xml version='1.0'?><methodCall><methodName>" + method
        + "</methodName><params><param>" + paramXml + "</param></params></methodCall>")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String nestedArrays(int levels, String filler) {
    return ("<value><array><data><value><string>" + filler + "</string></value>").repeat(levels)
        + "<value><int>7</int></value>" + "</data></array></value>".repeat(levels);
  }

  private static void assertFault(int code, Answer a) {
    assertEquals(200, a.status(), a.body());
    assertTrue(a.body().contains("<fault>") && a.body().contains(
        "<name>faultCode</name>\n<value><int>" + code + "</int></value>"), a.body());
  }

  /** Every line of the main log is an entry of its own, and none is a stack trace. */
  private void assertCleanLog() {
    String text = read(log);
    for (String line : text.split("\n")) {
      assertTrue(LOG_LINE.matcher(line).matches(), "not a log entry: " + line);
    }
    for (Path p : List.of(daemon.stdout, daemon.stderr)) {
      String s = read(p);
      assertTrue(!s.contains("Exception") && !s.contains("Error") && !s.contains("\tat "), s);
    }
  }

  @Test
  void deepAndLargeBodiesAreAnsweredFromASmallHeapAndServingGoesOn() throws Exception {
    // supervisord answers a call nested any depth (getState refuses the parameter): so do we,
    // where the old decoder overflowed its stack and the server answered 500.
    assertFault(2, post(callWith("supervisor.getState", nestedArrays(50_000, ""))));
    // 3.4 MB nested 80 deep: the old decoder copied it at every level.
    byte[] large = callWith("supervisor.getState", nestedArrays(80, "x".repeat(42_000)));
    assertTrue(large.length > 3_300_000);
    for (int i = 0; i < 3; i++) {
      assertFault(2, post(large));
    }
    assertTrue(call("supervisor.getState").body().contains("<string>RUNNING</string>"));
    assertCleanLog();
  }

  @Test
  void anInvalidBodyIsLoggedAsOneQuotedLine() throws Exception {
    byte[] body = "garbage\n2026-01-01 00:00:00,000 CRIT forged\r\nmore"
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(400, post(body).status());
    await("the log entry", LONG, () -> read(log).contains("is invalid"));
    List<String> lines = read(log).lines().filter(l -> l.contains("forged")).toList();
    assertEquals(1, lines.size(), read(log));
    assertTrue(lines.get(0).endsWith(" ERRO XML-RPC request data "
        + "'garbage\\n2026-01-01 00:00:00,000 CRIT forged\\r\\nmore' is invalid: unmarshallable"
        + " (malformed XML: 'Content is not allowed in prolog.')"), lines.get(0));
    assertCleanLog();
  }

  @Test
  void stdinForAChildThatDoesNotReadWaitsWithoutBurningCpuAndIsBounded() throws Exception {
    String chars = "y".repeat(3 * 1024 * 1024 + 512 * 1024);
    var answers = new java.util.ArrayList<Answer>();
    for (int i = 0; i < 10; i++) {
      answers.add(call("supervisor.sendProcessStdin", "deaf", chars));
    }
    // The old code retried every 10 ms, copying what was left each time: a core at 99.8 % on
    // an idle machine. When other work shares the cores it gets less CPU time, so the loop's
    // context switches are counted too: then it is busy either way, waking about 100 times a
    // second or being preempted, where an idle loop sleeps in poll(2) and switches not at all.
    long pid = daemon.process.pid();
    long ticksBefore = cpuTicks(pid);
    long switchesBefore = loopContextSwitches(pid);
    long startNanos = System.nanoTime();
    Thread.sleep(3000); // the measuring window itself: nothing to await
    long ticks = cpuTicks(pid) - ticksBefore;
    long switches = loopContextSwitches(pid) - switchesBefore;
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    String measured = "in " + seconds + " s the daemon used " + ticks
        + " clock ticks of CPU and its loop switched " + switches + " times";
    assertTrue(ticks < clockTicksPerSecond(), measured);
    assertTrue(switches < 30, measured);
    assertTrue(answers.get(0).body().contains("<boolean>1</boolean>"), answers.get(0).body());
    // At most 4 MiB may wait: a call that would pass it is refused whole.
    for (Answer refused : answers.subList(1, answers.size())) {
      assertFault(30, refused);
      assertTrue(refused.body().contains("FAILED: deaf: stdin buffer full"), refused.body());
    }
    // Once the child reads, everything accepted arrives, exactly once.
    Files.writeString(dir.resolve("go"), "");
    Path got = dir.resolve("got");
    await("3 MiB copied by the child", LONG, () -> got.toFile().length() == chars.length());
    assertTrue(call("supervisor.sendProcessStdin", "deaf", "z").body()
        .contains("<boolean>1</boolean>"));
    await("the last byte", LONG, () -> got.toFile().length() == chars.length() + 1);
    assertCleanLog();
  }

  @Test
  void mutatedCallsGetResultsFaultsOr400sAndLeakNothing() throws Exception {
    long seed = XmlRpcMutator.seed();
    var mutator = new XmlRpcMutator(seed);
    long pid = daemon.process.pid();
    call("supervisor.getState");
    int fdsBefore = openFds(pid);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int sent = 0;
    for (int i = 0; i < 300 && System.nanoTime() < deadline; i++) {
      byte[] body = mutator.next();
      String lower = new String(body, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      if (lower.contains("shutdown") || lower.contains("restart") || lower.contains("reload")) {
        continue; // a mutation that reaches a real command must not end the test's daemon
      }
      Answer a = post(body);
      String where = "seed " + seed + " iteration " + i;
      if (a.status() == 200) {
        assertTrue(a.body().startsWith("<?xml version='1.0'?>\n<methodResponse>\n"),
            where + ": " + a.body());
      } else {
        assertEquals(400, a.status(), where + ": " + a.body());
      }
      sent++;
    }
    assertTrue(sent > 100, "seed " + seed + ": only " + sent + " bodies sent");
    assertTrue(call("supervisor.getState").body().contains("<string>RUNNING</string>"));
    await("connections closed (" + fdsBefore + " fds before)", LONG,
        () -> openFds(pid) <= fdsBefore);
    assertCleanLog();
  }

  /**
   * Context switches, voluntary or not, of the daemon's threads named {@code java}: the
   * launcher's thread, which only waits for the main thread, and the main thread, which runs the
   * loop.
   */
  private static long loopContextSwitches(long pid) throws IOException {
    long sum = 0;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        if (read(task.resolve("comm")).strip().equals("java")) {
          for (String line : read(task.resolve("status")).split("\n")) {
            if (line.contains("voluntary_ctxt_switches:")) { // and nonvoluntary_
              sum += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
          }
        }
      }
    }
    return sum;
  }

  private static int openFds(long pid) {
    try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return (int) s.count();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** utime + stime of the process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
  private static long cpuTicks(long pid) {
    String stat = read(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static long clockTicksPerSecond() throws Exception {
    Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
    String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    p.waitFor();
    return Long.parseLong(s);
  }
}
