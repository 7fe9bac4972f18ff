package org.jsupervisor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jsupervisor.config.ConfigLoader;
import org.jsupervisor.loop.Clock;
import org.jsupervisor.loop.EventLoop;
import org.jsupervisor.posix.PosixSpawner;
import org.jsupervisor.posix.Signals;
import org.jsupervisor.process.ManagedProcess;
import org.jsupervisor.process.Signal;
import org.jsupervisor.process.Supervisor;
import org.jsupervisor.rpc.SupervisorControl;
import org.jsupervisor.rpc.XmlRpcCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated requests (heads and bodies, sent in pieces) against the real servers and handlers in
 * this JVM: every one is answered with a 2xx, 3xx or 4xx status (or 505 for a version other
 * than HTTP/1.0 and 1.1), never another 5xx and never not at all; afterwards a normal call is answered and the server holds no connection, no request byte
 * and no file descriptor more than before. The seed is in every failure message; set it with
 * {@code -Djsupervisor.fuzzSeed=<seed>} to replay a run.
 */
class HttpFuzzTest {
  private static final int WORKERS = 8;
  private static final int ITERATIONS = 100; // per worker
  private static final Duration TIME = Duration.ofSeconds(40);
  /** Short, so that requests left incomplete by a mutation are answered 408 soon. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString(
      "user:secret".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;
  private EventLoop loop;
  private Supervisor supervisor;
  private Signals signals;
  private Thread thread;
  private RpcServers servers;
  private SocketAddress tcp;
  private SocketAddress unix;

  @BeforeEach
  void start() throws Exception {
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, String.join("\n",
        "[supervisord]", "logfile=" + dir.resolve("supervisord.log"), "childlogdir=" + dir,
        "[unix_http_server]", "file=" + dir.resolve("s.sock"),
        "[inet_http_server]", "port=127.0.0.1:" + freePort(), "username=user", "password=secret",
        "[program:sleeper]", "command=sleep 1000", "startsecs=0", ""));
    var config = ConfigLoader.load(conf);
    loop = new EventLoop(Clock.SYSTEM);
    supervisor = new Supervisor(config, loop, new PosixSpawner(), ManagedProcess.Signaller.POSIX,
        System.getenv());
    loop.onChildExit(supervisor::reaped);
    supervisor.onStopped(loop::stop);
    signals = Signals.install(List.of(Signal.CHLD), s -> loop.childExited());
    var control = new SupervisorControl() {
      @Override
      public void shutdown() { }

      @Override
      public void restart() { }

      @Override
      public void reopenMainLog() { }

      @Override
      public org.jsupervisor.config.Config reloadConfig() {
        return config;
      }
    };
    var limits = HttpLimits.DEFAULT.withMaxBody(64 * 1024)
        .withTimeouts(Duration.ofSeconds(300), REQUEST_TIMEOUT, Duration.ofSeconds(60));
    servers = RpcServers.start(config, loop, supervisor, control, limits);
    tcp = new InetSocketAddress("127.0.0.1", servers.inetAddresses().get(0).getPort());
    unix = UnixDomainSocketAddress.of(servers.unixSockets().get(0));
    loop.execute(() -> {
      try {
        supervisor.start();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    thread = new Thread(loop::run, "supervisor-loop");
    thread.start();
  }

  private static int freePort() throws IOException {
    try (var s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (thread == null) {
      return;
    }
    if (thread.isAlive()) {
      loop.execute(() -> supervisor.shutdown(Supervisor.Mood.SHUTDOWN));
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
    servers.close();
    signals.close();
    loop.close();
  }

  @Test
  void mutatedRequestsAreAnsweredWithoutServerErrorsAndLeaveNothingBehind() throws Exception {
    long seed = Long.getLong("jsupervisor.fuzzSeed", System.nanoTime());
    assertTrue(exchange(unix, request("POST", "/RPC2", false, rpc("supervisor.getState")))
        .startsWith("HTTP/1.1 200 "), "warm-up, seed " + seed);
    long fdsBefore = fds();
    // A stack trace in the log means an exception nobody expected: none may appear.
    var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("supervisord");
    var logged = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    logged.start();
    logger.addAppender(logged);
    long end = System.nanoTime() + TIME.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    int[] sent = new int[WORKERS];
    try {
      var results = new ArrayList<Future<?>>();
      for (int w = 0; w < WORKERS; w++) {
        int worker = w;
        results.add(pool.submit(() -> {
          var random = new Random(seed + worker);
          for (int i = 0; i < ITERATIONS && System.nanoTime() < end; i++) {
            boolean overTcp = random.nextBoolean();
            byte[] request = Mutations.apply(base(random, overTcp), random);
            String where = "seed " + seed + ", worker " + worker + ", iteration " + i
                + (overTcp ? " (tcp)" : " (unix)") + ", request " + Mutations.show(request);
            String answer = send(overTcp ? tcp : unix, request, random, where);
            String status = answer.length() >= 12 ? answer.substring(0, 12) : answer;
            // 505 is no server error: it names the protocol version the client asked for.
            if (!status.matches("HTTP/1\\.[01] ([234][0-9][0-9]|505)")) {
              fail(where + ": answered " + Mutations.show(answer.getBytes(
                  StandardCharsets.ISO_8859_1)));
            }
            sent[worker]++;
          }
          return null;
        }));
      }
      for (Future<?> f : results) {
        f.get(TIME.toSeconds() + 120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    logger.detachAppender(logged);
    int total = java.util.Arrays.stream(sent).sum();
    System.out.println("fuzz: " + total + " mutated requests, seed " + seed);
    for (var event : logged.list) {
      if (event.getThrowableProxy() != null) {
        fail("seed " + seed + ": logged with a stack trace: " + event.getFormattedMessage()
            + ": " + event.getThrowableProxy().getClassName() + ": "
            + event.getThrowableProxy().getMessage());
      }
    }
    assertTrue(total >= WORKERS * 5, "only " + total + " requests in " + TIME);
    String normal = exchange(tcp, request("POST", "/RPC2", true, rpc("supervisor.getState")));
    assertTrue(normal.contains("<string>RUNNING</string>"), "seed " + seed + ": " + normal);
    awaitTrue("seed " + seed + ": every connection closed and every request byte released",
        () -> servers.server().usage().get(10, TimeUnit.SECONDS)
            .equals(new HttpServer.Usage(0, 0)));
    awaitTrue("seed " + seed + ": descriptors back to " + fdsBefore,
        () -> fds() <= fdsBefore + 4);
  }

  /** A well-formed request, the starting point of the mutations. */
  private static byte[] base(Random random, boolean withAuth) {
    return switch (random.nextInt(10)) {
      case 0 -> request("POST", "/RPC2", withAuth, rpc("supervisor.getState"));
      case 1 -> request("POST", "/RPC2", withAuth, rpc("supervisor.getAllProcessInfo"));
      case 2 -> request("POST", "/RPC2", withAuth, rpc("supervisor.getProcessInfo", "sleeper"));
      case 3 -> request("POST", "/RPC2", withAuth, rpc("supervisor.readLog", 0, 100));
      case 4 -> request("POST", "/RPC2", withAuth, rpc("system.listMethods"));
      case 5 -> request("GET", "/ok.html", withAuth, null);
      case 6 -> request("GET", "/index.html", withAuth, null);
      case 7 -> request("GET", "/tail.html?processname=sleeper", withAuth, null);
      case 8 -> request("GET", "/logtail/sleeper", withAuth, null);
      default -> request("GET", "/RPC2", withAuth, null);
    };
  }

  private static byte[] rpc(String method, Object... params) {
    return XmlRpcCodec.call(method, params);
  }

  private static byte[] request(String method, String target, boolean withAuth, byte[] body) {
    var head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
    if (withAuth) {
      head.append("Authorization: ").append(AUTH).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Type: text/xml\r\nContent-Length: ").append(body.length)
          .append("\r\n");
    }
    head.append("\r\n");
    var all = new ByteArrayOutputStream();
    all.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      all.writeBytes(body);
    }
    return all.toByteArray();
  }

  /**
   * Sends the request in one to three pieces (so the parser sees it in several reads) and
   * returns the answer's head: everything up to its blank line, or until the server closes.
   * No answer within the request timeout and 15 s more is a hang.
   */
  private static String send(SocketAddress address, byte[] request, Random random, String where)
      throws Exception {
    try (SocketChannel c = SocketChannel.open(address)) {
      int pieces = 1 + random.nextInt(3);
      int from = 0;
      for (int p = 1; p <= pieces; p++) {
        int to = p == pieces ? request.length : from + random.nextInt(request.length - from + 1);
        try {
          c.write(ByteBuffer.wrap(request, from, to - from));
        } catch (IOException e) {
          break; // refused early (a bad head is answered at once): read that answer
        }
        from = to;
        if (p < pieces) {
          Thread.sleep(random.nextInt(20)); // shapes the pieces; the outcome needs no timing
        }
      }
      try {
        return readHead(c).get(REQUEST_TIMEOUT.toSeconds() + 15, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError(where + ": no answer, and the connection still open", e);
      }
    }
  }

  private static CompletableFuture<String> readHead(SocketChannel c) {
    return CompletableFuture.supplyAsync(() -> {
      var got = new ByteArrayOutputStream();
      var buf = ByteBuffer.allocate(4096);
      try {
        while (c.read(buf.clear()) >= 0) {
          got.write(buf.array(), 0, buf.position());
          if (got.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
            break;
          }
        }
      } catch (IOException e) {
        // reset after the answer: keep what came
      }
      return got.toString(StandardCharsets.ISO_8859_1);
    }, READERS);
  }

  /** A complete exchange with a well-formed request, closed by the server. */
  private static String exchange(SocketAddress address, byte[] request) throws Exception {
    String text = new String(request, StandardCharsets.ISO_8859_1)
        .replace("Host: localhost\r\n", "Host: localhost\r\nConnection: close\r\n");
    try (SocketChannel c = SocketChannel.open(address)) {
      c.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
      return CompletableFuture.supplyAsync(() -> {
        var got = new ByteArrayOutputStream();
        var buf = ByteBuffer.allocate(16 * 1024);
        try {
          while (c.read(buf.clear()) >= 0) {
            got.write(buf.array(), 0, buf.position());
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
      }, READERS).get(30, TimeUnit.SECONDS);
    }
  }

  private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fuzz-reader");
    t.setDaemon(true);
    return t;
  });

  private static long fds() {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(String what, Condition c) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!c.holds()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting: " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Byte-level mutations of a request, none to three at a time. */
  static final class Mutations {
    private static final byte[] INTERESTING = {'\r', '\n', 0, ' ', ':', '\t', '%', (byte) 0xff,
        '/', '0', '9', '-', '+', ',', 'a', 0x7f, '"', '<', '&'};
    private static final String[] LINES = {"Content-Length: 0", "Content-Length: 99999999",
        "Content-Length: -1", "Content-Length: +3", "Content-Length: 3, 3",
        "Content-Length : 3", "Transfer-Encoding: chunked", " folded", "X:", ":x",
        "Authorization: Basic !!!", "Authorization: Basic", "Authorization: Digest x",
        "Connection: close", "Connection: keep-alive", "Expect: 100-continue", "Host: a",
        "Content-Length: 12", "Content-Length: 2147483648", "A".repeat(9000) + ": x"};

    private Mutations() { }

    static byte[] apply(byte[] request, Random random) {
      byte[] r = request;
      int count = random.nextInt(4);
      for (int i = 0; i < count; i++) {
        r = once(r, random);
      }
      return r.length == 0 ? new byte[] {'\n'} : r;
    }

    private static byte[] once(byte[] r, Random random) {
      int at = r.length == 0 ? 0 : random.nextInt(r.length);
      return switch (random.nextInt(9)) {
        case 0 -> { // flip one byte
          byte[] copy = r.clone();
          if (copy.length > 0) {
            copy[at] = (byte) random.nextInt(256);
          }
          yield copy;
        }
        case 1 -> splice(r, at, 0, new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]});
        case 2 -> splice(r, at, Math.min(r.length - at, 1 + random.nextInt(16)), new byte[0]);
        case 3 -> { // repeat a piece
          int len = Math.min(r.length - at, 1 + random.nextInt(64));
          yield splice(r, at, 0, java.util.Arrays.copyOfRange(r, at, at + len));
        }
        case 4 -> splice(r, lineStart(r, at), 0,
            (LINES[random.nextInt(LINES.length)] + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        case 5 -> java.util.Arrays.copyOf(r, at); // cut short
        case 6 -> splice(r, 0, 0, "\r\n".repeat(1 + random.nextInt(3))
            .getBytes(StandardCharsets.ISO_8859_1));
        case 7 -> splice(r, at, 0, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        default -> splice(r, r.length, 0, "GET /ok.html HTTP/1.1\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1)); // something pipelined behind
      };
    }

    /** The start of the header line after {@code at} (never the request line). */
    private static int lineStart(byte[] r, int at) {
      for (int i = Math.max(at, 1); i < r.length; i++) {
        if (r[i - 1] == '\n') {
          return i;
        }
      }
      return r.length;
    }

    private static byte[] splice(byte[] r, int at, int remove, byte[] insert) {
      var out = new ByteArrayOutputStream(r.length + insert.length);
      out.write(r, 0, at);
      out.writeBytes(insert);
      out.write(r, at + remove, r.length - at - remove);
      return out.toByteArray();
    }

    /** Printable, for failure messages: escapes everything but plain ASCII. */
    static String show(byte[] b) {
      var sb = new StringBuilder();
      for (int i = 0; i < Math.min(b.length, 600); i++) {
        int c = b[i] & 0xff;
        sb.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf((char) c)
            : String.format("\\x%02x", c));
      }
      return b.length > 600 ? sb + "...(" + b.length + " bytes)" : sb.toString();
    }
  }
}
