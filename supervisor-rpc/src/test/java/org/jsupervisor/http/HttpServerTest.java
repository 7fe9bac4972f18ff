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
import java.util.Map;
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
      String late = readToEnd(halfSent);
      assertTrue(late.startsWith("HTTP/1.0 408 Request Timeout\r\n"), late);
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

  /**
   * After an error answer the server reads and discards what the client still sends, but only
   * until the drain deadline: a byte every 200 ms used to renew it forever.
   */
  @Test
  void aClientTricklingBytesAfterAnErrorIsClosedAtTheDrainDeadline() throws Exception {
    Path socket = dir.resolve("d.sock");
    var server = serve(HttpLimits.DEFAULT, OK, socket);
    try (var client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      client.write(ascii("BAD\r\n\r\n"));
      String answer = readToEnd(client); // the server half-closes after its answer
      assertTrue(answer.startsWith("HTTP/1.0 400 "), answer);
      long start = System.nanoTime();
      boolean closed = false;
      while (!closed && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20)) {
        Thread.sleep(200);
        try {
          client.write(ascii("x"));
        } catch (java.io.IOException e) {
          closed = true; // the server closed its end: the trickle is refused
        }
      }
      assertTrue(closed, "the connection was held for 20 s by a byte every 200 ms");
      assertEquals(0, server.usage().get(10, TimeUnit.SECONDS).connections());
    } finally {
      server.close();
    }
  }

  /**
   * An Error on the selector thread (here from an afterSent action; in the issue, an
   * OutOfMemoryError while buffering bodies) used to kill the thread that serves every listener.
   */
  @Test
  void anErrorOnTheSelectorThreadDropsOneConnectionAndTheServerKeepsServing() throws Exception {
    HttpServer.Handler handler = (request, listener) -> CompletableFuture.completedFuture(
        request.path().equals("/boom")
            ? HttpResponse.of(200, "text/plain", "boom".getBytes(StandardCharsets.US_ASCII))
                .afterSent(() -> {
                  throw new OutOfMemoryError("injected by the test");
                })
            : HttpResponse.of(200, "text/plain", "fine".getBytes(StandardCharsets.US_ASCII)));
    Path socket = dir.resolve("e.sock");
    var server = serve(HttpLimits.DEFAULT, handler, socket);
    try {
      try (var client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
        client.write(ascii("GET /boom HTTP/1.1\r\n\r\n"));
        assertTrue(readToEnd(client).endsWith("boom"), "the answer, then the connection closes");
      }
      for (int i = 0; i < 3; i++) {
        try (var client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
          client.write(ascii("GET /fine HTTP/1.1\r\nConnection: close\r\n\r\n"));
          String answer = readToEnd(client);
          assertTrue(answer.startsWith("HTTP/1.1 200 OK") && answer.endsWith("fine"), answer);
        }
      }
      await(() -> server.usage().join().connections() == 0);
    } finally {
      server.close();
    }
  }

  /** A stream whose source throws an Error used to stop silently and hold its client forever. */
  @Test
  void aStreamWhoseSourceFailsIsClosed() throws Exception {
    var polls = new AtomicInteger();
    HttpResponse.ChunkSource failing = new HttpResponse.ChunkSource() {
      @Override
      public byte[] poll() {
        if (polls.incrementAndGet() == 1) {
          return "first".getBytes(StandardCharsets.US_ASCII);
        }
        throw new StackOverflowError("injected by the test");
      }

      @Override
      public void close() { }
    };
    HttpServer.Handler handler = (request, listener) -> CompletableFuture.completedFuture(
        HttpResponse.stream(List.of(Map.entry("Content-Type", "text/plain")), failing));
    Path socket = dir.resolve("f.sock");
    var server = serve(HttpLimits.DEFAULT, handler, socket);
    try (var client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      client.write(ascii("GET /tail HTTP/1.1\r\n\r\n"));
      String got = readToEnd(client);
      assertTrue(got.startsWith("HTTP/1.1 200 OK") && got.contains("first"), got);
      await(() -> server.usage().join().connections() == 0);
    } finally {
      server.close();
    }
  }

  /**
   * The write deadline counts from the start of the answer: a client reading 64 KiB every
   * 100 ms (which takes 25 s for 16 MiB) is dropped at the 2 s write timeout, although it
   * makes progress all the time.
   */
  @Test
  void aSlowReaderIsDroppedAtTheWriteDeadlineDespiteItsProgress() throws Exception {
    var body = new ArrayList<ByteBuffer>();
    for (int i = 0; i < PIECES; i++) {
      body.add(ByteBuffer.wrap(new byte[PIECE]));
    }
    HttpServer.Handler handler = (request, listener) -> CompletableFuture.completedFuture(
        HttpResponse.of(200, "application/octet-stream", body));
    Path socket = dir.resolve("w.sock");
    var limits = HttpLimits.DEFAULT.withTimeouts(java.time.Duration.ofSeconds(300),
        java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(2));
    var server = serve(limits, handler, socket);
    try (var client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      client.write(ascii("GET /big HTTP/1.1\r\n\r\n"));
      long start = System.nanoTime();
      long total = 0;
      var buf = ByteBuffer.allocate(64 * 1024);
      int n;
      do {
        Thread.sleep(100);
        buf.clear();
        n = readWithin10s(client, buf);
        total += Math.max(0, n);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60),
            "still reading after 60 s: " + total + " bytes");
      } while (n > 0);
      assertTrue(total < (long) PIECE * PIECES, "dropped before the end: " + total);
    } finally {
      server.close();
    }
  }

  /**
   * A call that never answers holds its connection only until the handle deadline, and a
   * client that goes away during a call is noticed at once, not when the call ends.
   */
  @Test
  void aCallIsHeldUntilItsHandleDeadlineOrUntilItsClientLeaves() throws Exception {
    var never = new CompletableFuture<HttpResponse>();
    var calls = new AtomicInteger();
    HttpServer.Handler handler = (request, listener) -> {
      calls.incrementAndGet();
      return never;
    };
    Path socket = dir.resolve("h.sock");
    var limits = HttpLimits.DEFAULT.withHandleAndDrainTimeouts(java.time.Duration.ofSeconds(1),
        java.time.Duration.ofSeconds(2));
    var server = serve(limits, handler, socket);
    try {
      try (var client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
        client.write(ascii("GET /wait HTTP/1.1\r\n\r\n"));
        assertEquals(-1, readWithin10s(client), "closed at the handle deadline");
      }
      var leaving = SocketChannel.open(UnixDomainSocketAddress.of(socket));
      leaving.write(ascii("GET /wait HTTP/1.1\r\n\r\n"));
      await(() -> calls.get() == 2);
      leaving.close();
      await(() -> server.usage().join().connections() == 0);
    } finally {
      server.close();
    }
  }

  /**
   * Each listener has its own connections: when one is full, its next client is answered 503
   * and the other listener still serves.
   */
  @Test
  void aFullListenerAnswers503AndLeavesTheOtherItsRoom() throws Exception {
    Path flooded = dir.resolve("tcp-like.sock");
    Path admin = dir.resolve("admin.sock");
    var server = serve(HttpLimits.DEFAULT.withShares(3, 1 << 20), OK, flooded, admin);
    var held = new ArrayList<SocketChannel>();
    try {
      for (int i = 0; i < 3; i++) {
        held.add(SocketChannel.open(UnixDomainSocketAddress.of(flooded)));
      }
      await(() -> server.usage().join().connections() == 3);
      try (var refused = SocketChannel.open(UnixDomainSocketAddress.of(flooded))) {
        String answer = readToEnd(refused);
        assertTrue(answer.startsWith("HTTP/1.0 503 Service Unavailable\r\n"), answer);
      }
      try (var client = SocketChannel.open(UnixDomainSocketAddress.of(admin))) {
        client.write(ascii("GET /ok HTTP/1.0\r\n\r\n"));
        assertTrue(readToEnd(client).startsWith("HTTP/1.0 200 OK"));
      }
    } finally {
      held.forEach(HttpServer::closeQuietly);
      server.close();
    }
  }

  /**
   * The head is judged before the body: a refused client's body is never kept; an accepted
   * body that does not fit in the listener's byte budget is answered 503.
   */
  @Test
  void bodiesAreKeptOnlyForAcceptedHeadsAndWithinTheBudget() throws Exception {
    HttpServer.Handler handler = new HttpServer.Handler() {
      @Override
      public CompletableFuture<HttpResponse> handle(HttpRequest request,
          HttpServer.Listener listener) {
        return CompletableFuture.completedFuture(HttpResponse.of(200, "text/plain",
            Integer.toString(request.body().length).getBytes(StandardCharsets.US_ASCII)));
      }

      @Override
      public java.util.Optional<HttpResponse> refuseHead(HttpRequest head,
          HttpServer.Listener listener) {
        return head.header("authorization").isPresent() ? java.util.Optional.empty()
            : java.util.Optional.of(HttpResponse.error(401).closing());
      }
    };
    Path socket = dir.resolve("b.sock");
    var server = serve(HttpLimits.DEFAULT.withShares(16, 1 << 20), handler, socket);
    byte[] body = new byte[4 * 1024 * 1024];
    try {
      try (var client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
        var sending = CompletableFuture.runAsync(() -> {
          try {
            client.write(ascii("POST /RPC2 HTTP/1.1\r\nContent-Length: " + body.length
                + "\r\n\r\n"));
            client.write(ByteBuffer.wrap(body));
          } catch (java.io.IOException e) {
            // the server may stop reading the refused body
          }
        });
        String answer = readToEnd(client);
        assertTrue(answer.startsWith("HTTP/1.1 401 "), answer);
        assertTrue(server.usage().get(10, TimeUnit.SECONDS).bufferedBytes() < 64 * 1024,
            "the refused body is not kept");
        sending.get(30, TimeUnit.SECONDS);
      }
      try (var client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
        client.write(ascii("POST /RPC2 HTTP/1.1\r\nAuthorization: x\r\nContent-Length: "
            + (2 << 20) + "\r\n\r\n"));
        String answer = readToEnd(client);
        assertTrue(answer.startsWith("HTTP/1.0 503 "), "over the 1 MiB budget: " + answer);
      }
      try (var client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
        client.write(ascii("POST /RPC2 HTTP/1.1\r\nAuthorization: x\r\nConnection: close\r\n"
            + "Content-Length: 5000\r\n\r\n" + "y".repeat(5000)));
        String answer = readToEnd(client);
        assertTrue(answer.startsWith("HTTP/1.1 200 ") && answer.endsWith("\r\n5000"), answer);
      }
      await(() -> server.usage().join().equals(new HttpServer.Usage(0, 0)));
    } finally {
      server.close();
    }
  }

  private static final HttpServer.Handler OK = (request, listener) ->
      CompletableFuture.completedFuture(HttpResponse.of(200, "text/plain",
          "ok".getBytes(StandardCharsets.US_ASCII)));

  private static HttpServer serve(HttpLimits limits, HttpServer.Handler handler, Path... sockets)
      throws java.io.IOException {
    var listeners = new ArrayList<HttpServer.Listener>();
    for (Path socket : sockets) {
      var channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      channel.bind(UnixDomainSocketAddress.of(socket));
      listeners.add(new HttpServer.Listener(socket.getFileName().toString(), channel, handler));
    }
    return new HttpServer(listeners, limits);
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Everything until the server closes (or half-closes), within 10 s per read. */
  private static String readToEnd(SocketChannel channel) throws Exception {
    var all = new java.io.ByteArrayOutputStream();
    var buf = ByteBuffer.allocate(64 * 1024);
    int n;
    while (true) {
      buf.clear();
      try {
        n = readWithin10s(channel, buf);
      } catch (java.util.concurrent.ExecutionException e) {
        break; // reset by the server after its answer
      }
      if (n < 0) {
        break;
      }
      all.write(buf.array(), 0, n);
    }
    return all.toString(StandardCharsets.ISO_8859_1);
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
