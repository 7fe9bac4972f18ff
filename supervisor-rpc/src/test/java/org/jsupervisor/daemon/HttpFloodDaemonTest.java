package org.jsupervisor.daemon;

import static org.jsupervisor.daemon.RunningDaemon.await;
import static org.jsupervisor.daemon.RunningDaemon.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The floods of issue #13 against the real daemon, in its own JVM with a 64 MiB heap: whatever
 * anonymous TCP clients do, the unix socket (the administrator's way in) keeps answering, and
 * once they are gone the daemon holds no more file descriptors than before.
 */
class HttpFloodDaemonTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final int FLOOD = 1100; // more than the 1,024 connections a listener may have
  private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString(
      "user:secret".getBytes(StandardCharsets.UTF_8));

  /** One thread per blocking read: the common pool may have a single thread. */
  private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "reader");
    t.setDaemon(true);
    return t;
  });

  @TempDir Path dir;
  private RunningDaemon daemon;
  private InetSocketAddress tcp;
  private UnixDomainSocketAddress unix;
  private final List<SocketChannel> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    tcp = new InetSocketAddress("127.0.0.1", port);
    unix = UnixDomainSocketAddress.of(dir.resolve("supervisor.sock"));
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, """
        [supervisord]
        logfile=%(here)s/supervisord.log
        pidfile=%(here)s/supervisord.pid
        childlogdir=%(here)s
        nodaemon=true

        [unix_http_server]
        file=%(here)s/supervisor.sock

        [inet_http_server]
        port=127.0.0.1:""" + port + """

        username=user
        password=secret

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
        """);
    daemon = RunningDaemon.start(dir, List.of("-Xmx64m"), "-c", conf.toString());
    await("the daemon serving its unix socket", LONG, () -> {
      try {
        return getState(unix, null).startsWith("HTTP/1.1 200 ");
      } catch (Exception e) {
        return false;
      }
    });
    assertTrue(getState(tcp, AUTH).startsWith("HTTP/1.1 200 "), "and its TCP port");
  }

  @AfterEach
  void stop() throws Exception {
    clients.forEach(HttpFloodDaemonTest::closeQuietly);
    if (daemon != null) {
      daemon.close();
    }
  }

  /**
   * Blank lines and then one more byte used to leave each connection stuck with no deadline
   * and no read interest: 1,100 of them took every slot, and their file descriptors stayed
   * taken after the clients left.
   */
  @Test
  void blankLineHeadsLeaveNoConnectionBehind() throws Exception {
    long baseline = fds();
    for (int i = 0; i < FLOOD; i++) {
      clients.add(sendQuietly(SocketChannel.open(tcp), "\r\n\r\n"));
    }
    for (SocketChannel c : clients) {
      sendQuietly(c, "x"); // a second read on most connections
    }
    assertTrue(getState(unix, null).startsWith("HTTP/1.1 200 "), "the unix socket answers");
    clients.forEach(HttpFloodDaemonTest::closeQuietly);
    await("the flood's descriptors released", LONG, () -> fds() <= baseline + 4);
    assertTrue(getState(tcp, AUTH).startsWith("HTTP/1.1 200 "), "TCP answers again");
    String log = read(dir.resolve("supervisord.log"));
    assertFalse(log.contains("Exception"), log);
  }

  /** 1,100 TCP clients that never send a byte used to lock the unix socket out. */
  @Test
  void anIdleTcpFloodLeavesTheUnixSocketItsRoom() throws Exception {
    long baseline = fds();
    for (int i = 0; i < FLOOD; i++) {
      clients.add(SocketChannel.open(tcp));
    }
    assertTrue(getState(unix, null).startsWith("HTTP/1.1 200 "), "the unix socket answers");
    String refused = readToEnd(clients.get(FLOOD - 1));
    assertTrue(refused.startsWith("HTTP/1.0 503 "), "the 1,100th TCP client: " + refused);
    clients.forEach(HttpFloodDaemonTest::closeQuietly);
    await("the flood's descriptors released", LONG, () -> fds() <= baseline + 4);
    assertTrue(getState(tcp, AUTH).startsWith("HTTP/1.1 200 "), "TCP answers again");
  }

  /**
   * 64 unauthenticated 4 MiB POSTs at once: each used to be read whole (in a buffer doubled to
   * 8 MiB) before the credentials were looked at, and a small heap killed the selector thread
   * for good. Now each is refused from its head and the body never kept.
   */
  @Test
  void unauthenticatedBigPostsAreRefusedFromTheirHead() throws Exception {
    byte[] body = new byte[4 * 1024 * 1024];
    String head = "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: "
        + body.length + "\r\n\r\n";
    ExecutorService pool = Executors.newFixedThreadPool(128);
    try {
      var answers = new ArrayList<Future<String>>();
      for (int i = 0; i < 64; i++) {
        SocketChannel c = SocketChannel.open(tcp);
        clients.add(c);
        pool.execute(() -> {
          try {
            c.write(ascii(head));
            c.write(ByteBuffer.wrap(body));
          } catch (IOException e) {
            // the server stops reading a refused body after a while
          }
        });
        answers.add(pool.submit(() -> readToEnd(c)));
      }
      for (Future<String> a : answers) {
        String answer = a.get(60, TimeUnit.SECONDS);
        assertTrue(answer.startsWith("HTTP/1.1 401 Unauthorized\r\n"), answer);
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(getState(tcp, AUTH).startsWith("HTTP/1.1 200 "), "TCP still answers");
    assertTrue(getState(unix, null).startsWith("HTTP/1.1 200 "), "the unix socket too");
    assertTrue(daemon.process.isAlive());
    String log = read(dir.resolve("supervisord.log")) + read(daemon.stderr);
    assertFalse(log.contains("OutOfMemoryError"), log);
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // already reset by the server
    }
  }

  private long fds() {
    try (Stream<Path> s = Files.list(Path.of("/proc/" + daemon.process.pid() + "/fd"))) {
      return s.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static SocketChannel sendQuietly(SocketChannel c, String s) {
    try {
      c.write(ascii(s));
    } catch (IOException e) {
      // refused (503) and closed by the server: that is allowed
    }
    return c;
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** supervisor.getState in a request of its own, answered within 15 s or the test fails. */
  private static String getState(SocketAddress address, String auth) throws Exception {
    String xml = "<?xml version=\"1.0\"?><methodCall><methodName>supervisor.getState"
        + "</methodName><params></params></methodCall>";
    try (SocketChannel c = SocketChannel.open(address)) {
      c.write(ascii("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
          + (auth == null ? "" : "Authorization: " + auth + "\r\n")
          + "Content-Type: text/xml\r\nContent-Length: " + xml.length() + "\r\n\r\n" + xml));
      return readToEnd(c);
    }
  }

  /** Everything the server sends until it closes, within 15 s. */
  private static String readToEnd(SocketChannel c) throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      var all = new ByteArrayOutputStream();
      var buf = ByteBuffer.allocate(16 * 1024);
      try {
        while (c.read(buf.clear()) >= 0) {
          all.write(buf.array(), 0, buf.position());
        }
      } catch (IOException e) {
        // reset after the answer: keep what came
      }
      return all.toString(StandardCharsets.ISO_8859_1);
    }, READERS).get(15, TimeUnit.SECONDS);
  }
}
