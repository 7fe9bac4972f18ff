package org.jsupervisor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server alone, on a unix socket, with a handler of the test's own. */
class HttpServerTest {
  private static final int PIECE = 1 << 20;
  private static final int PIECES = 16;

  @TempDir Path dir;

  /**
   * A body's arrays may be reused (the pool of XML-RPC answers) only once every byte is in the
   * socket: afterSent must not run while the client has most of the body still to read.
   */
  @Test
  void afterSentRunsOnceTheWholeBodyIsWrittenAndAtOnceForHead() throws Exception {
    var sent = new AtomicInteger();
    var body = new ArrayList<ByteBuffer>();
    for (int i = 0; i < PIECES; i++) {
      byte[] piece = new byte[PIECE];
      java.util.Arrays.fill(piece, (byte) ('a' + i));
      body.add(ByteBuffer.wrap(piece));
    }
    HttpServer.Handler handler = (request, listener) -> CompletableFuture.completedFuture(
        HttpResponse.of(200, "application/octet-stream", body).afterSent(sent::incrementAndGet));
    Path socket = dir.resolve("s.sock");
    var channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    channel.bind(UnixDomainSocketAddress.of(socket));
    var server = new HttpServer(List.of(new HttpServer.Listener("test", channel, handler)),
        HttpLimits.DEFAULT);
    try (var client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      client.write(ByteBuffer.wrap("GET /big HTTP/1.1\r\nHost: x\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII)));
      var buf = ByteBuffer.allocate(64 * 1024);
      long total = client.read(buf);
      assertTrue(total > 0);
      // 16 MB cannot all be in the socket's buffers: the server is still writing.
      assertEquals(0, sent.get(), "not yet: most of the body is unsent");
      String head = new String(buf.array(), 0, (int) total, StandardCharsets.ISO_8859_1);
      int headLength = head.indexOf("\r\n\r\n") + 4;
      assertTrue(head.contains("Content-Length: " + (long) PIECE * PIECES + "\r\n"), head);
      long bodyRead = total - headLength;
      byte expectLast = (byte) ('a' + PIECES - 1);
      byte last = 0;
      while (bodyRead < (long) PIECE * PIECES) {
        buf.clear();
        int n = client.read(buf);
        assertTrue(n > 0, "the body ends early");
        bodyRead += n;
        last = buf.get(n - 1);
      }
      assertEquals(expectLast, last, "the pieces in order");
      await(() -> sent.get() == 1);

      client.write(ByteBuffer.wrap("HEAD /big HTTP/1.1\r\nHost: x\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII)));
      buf.clear();
      String headOnly = "";
      while (!headOnly.endsWith("\r\n\r\n")) {
        int n = client.read(buf);
        assertTrue(n > 0);
        headOnly = new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
      }
      assertTrue(headOnly.contains("Content-Length: " + (long) PIECE * PIECES + "\r\n"), headOnly);
      await(() -> sent.get() == 2); // a HEAD sends no body: the arrays are free at once
    } finally {
      server.close();
    }
  }

  /**
   * The selector sleeps until the nearest connection deadline: an idle connection is closed at
   * the idle timeout and a half-sent request at the request timeout, each in about that time.
   */
  @Test
  void idleAndHalfSentRequestsAreClosedAtTheirDeadlines() throws Exception {
    HttpServer.Handler handler = (request, listener) -> CompletableFuture.completedFuture(
        HttpResponse.of(200, "text/plain", List.of(ByteBuffer.wrap(new byte[] {'x'}))));
    Path socket = dir.resolve("t.sock");
    var channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    channel.bind(UnixDomainSocketAddress.of(socket));
    var limits = HttpLimits.DEFAULT.withTimeouts(java.time.Duration.ofMillis(400),
        java.time.Duration.ofMillis(800), java.time.Duration.ofSeconds(60));
    var server = new HttpServer(List.of(new HttpServer.Listener("test", channel, handler)), limits);
    try (var idle = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        var halfSent = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      long start = System.nanoTime();
      halfSent.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII)));
      assertEquals(-1, readWithin10s(idle), "idle connection closed");
      long idleClosed = System.nanoTime() - start;
      assertEquals(-1, readWithin10s(halfSent), "half-sent request closed");
      long halfClosed = System.nanoTime() - start;
      assertTrue(idleClosed >= TimeUnit.MILLISECONDS.toNanos(400), "not before the idle timeout");
      assertTrue(halfClosed >= TimeUnit.MILLISECONDS.toNanos(800), "not before the request timeout");
      assertTrue(halfClosed < TimeUnit.SECONDS.toNanos(10), "closed near its deadline");
    } finally {
      server.close();
    }
  }

  /** The client of supervisor.shutdown gets its answer although the servers close meanwhile. */
  @Test
  void anAnswerUnderWayWhenTheServerClosesStillGoesOut() throws Exception {
    var handling = new java.util.concurrent.CountDownLatch(1);
    var answer = new CompletableFuture<HttpResponse>();
    HttpServer.Handler handler = (request, listener) -> {
      handling.countDown();
      return answer;
    };
    Path socket = dir.resolve("c.sock");
    var channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    channel.bind(UnixDomainSocketAddress.of(socket));
    var server = new HttpServer(List.of(new HttpServer.Listener("test", channel, handler)),
        HttpLimits.DEFAULT);
    try (var client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      client.write(ByteBuffer.wrap("GET /x HTTP/1.1\r\nHost: x\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII)));
      assertTrue(handling.await(10, TimeUnit.SECONDS));
      var closing = CompletableFuture.runAsync(server::close);
      answer.complete(HttpResponse.of(200, "text/plain",
          List.of(ByteBuffer.wrap("done".getBytes(StandardCharsets.US_ASCII)))));
      var buf = ByteBuffer.allocate(4096);
      while (readWithin10s(client, buf) > 0) {
        // until the server closes the connection
      }
      String got = new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
      assertTrue(got.startsWith("HTTP/1.1 200") && got.endsWith("done"), got);
      closing.get(10, TimeUnit.SECONDS);
    } finally {
      server.close();
    }
  }

  /** A read that fails the test instead of hanging when the server never closes. */
  private static int readWithin10s(SocketChannel channel) throws Exception {
    return readWithin10s(channel, ByteBuffer.allocate(16));
  }

  private static int readWithin10s(SocketChannel channel, ByteBuffer buf) throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return channel.read(buf);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).get(10, TimeUnit.SECONDS);
  }

  private static void await(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out");
      Thread.sleep(5);
    }
  }
}
