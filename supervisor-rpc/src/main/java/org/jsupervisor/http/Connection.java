package org.jsupervisor.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection. Everything here runs on the selector thread, except where noted, so
 * its fields need no locks. One request is handled at a time; pipelined bytes wait in the parser.
 */
final class Connection {
  private static final Logger log = LoggerFactory.getLogger("supervisord");
  private static final int STREAM_BACKLOG = 1024 * 1024;

  private enum State { READING, HANDLING, WRITING, STREAMING, DRAINING, CLOSED }

  private final HttpServer server;
  private final HttpServer.Listener listener;
  private final SocketChannel channel;
  private final RequestParser parser;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);
  private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
  SelectionKey key;
  private State state = State.READING;
  private long lastActivity = System.nanoTime();
  private long requestStart;
  private boolean keepAlive;
  private boolean chunked;
  private final java.util.concurrent.atomic.AtomicInteger queuedBytes =
      new java.util.concurrent.atomic.AtomicInteger();
  private HttpResponse.ChunkSource source;
  /** The current response's {@link HttpResponse#afterSent}, until its body is written. */
  private Runnable afterSent;
  private ScheduledFuture<?> pump;

  Connection(HttpServer server, HttpServer.Listener listener, SocketChannel channel) {
    this.server = server;
    this.listener = listener;
    this.channel = channel;
    this.parser = new RequestParser(server.limits);
  }

  void ready(SelectionKey k) {
    if (k.isReadable()) {
      read();
    }
    if (state != State.CLOSED && k.isValid() && k.isWritable()) {
      write();
    }
  }

  private void read() {
    readBuffer.clear();
    int n;
    try {
      n = channel.read(readBuffer);
    } catch (IOException e) {
      close();
      return;
    }
    if (n < 0) {
      close();
      return;
    }
    if (n == 0) {
      return;
    }
    lastActivity = System.nanoTime();
    if (state == State.STREAMING || state == State.DRAINING) {
      return; // a tail client has nothing to say; a refused body is discarded
    }
    if (!parser.hasPartial()) {
      requestStart = lastActivity;
    }
    parser.feed(readBuffer.array(), 0, n);
    nextRequest();
  }

  private void nextRequest() {
    HttpRequest request;
    try {
      request = parser.next();
    } catch (HttpError e) {
      log.debug("http: {} from {}: {}", e.status, listener.section(), e.getMessage());
      respond("HTTP/1.0", false, HttpResponse.error(e.status), false);
      return;
    }
    if (request == null) {
      return;
    }
    state = State.HANDLING;
    key.interestOps(0);
    CompletableFuture<HttpResponse> answer;
    try {
      answer = CompletableFuture.supplyAsync(() -> listener.handler().handle(request, listener),
          server.workers).thenCompose(f -> f);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      close(); // the server is closing
      return;
    }
    answer.whenComplete((response, error) -> server.onSelector(() -> {
      HttpResponse r = response;
      if (error != null) {
        log.error("http: error handling {} {}", request.method(), request.path(), error);
        r = HttpResponse.error(500);
      }
      respond(request.version(), request.keepAlive() && !r.close(), r,
          request.method().equals("HEAD"));
    }));
  }

  /** {@code headOnly}: the answer to a HEAD, whose head is that of a GET without the body. */
  private void respond(String version, boolean keep, HttpResponse r, boolean headOnly) {
    if (state == State.CLOSED || (headOnly && r.stream() != null)) {
      if (r.stream() != null) {
        r.stream().close(); // no handler streams to a HEAD (tails are GET only): just in case
      }
      if (state == State.CLOSED) {
        return;
      }
      r = new HttpResponse(r.status(), r.headers(), List.of(), null, true, null);
    }
    keepAlive = keep && !r.close();
    chunked = r.stream() != null && version.equals("HTTP/1.1");
    if (r.stream() != null && !chunked) {
      keepAlive = false; // HTTP/1.0 stream: the end of the body is the end of the connection
    }
    out.add(ByteBuffer.wrap(r.head(version, keepAlive, chunked)));
    if (r.stream() == null) {
      if (!headOnly) {
        for (ByteBuffer piece : r.body()) {
          out.add(piece.duplicate()); // our own position: the response stays as it was
        }
        afterSent = r.afterSent();
      } else if (r.afterSent() != null) {
        r.afterSent().run(); // the body is never sent
      }
      state = State.WRITING;
    } else {
      state = State.STREAMING;
      source = r.stream();
      pump = server.ticker.scheduleWithFixedDelay(this::pumpOnTicker, 0, 100,
          TimeUnit.MILLISECONDS);
    }
    lastActivity = System.nanoTime();
    key.interestOps(SelectionKey.OP_WRITE | (state == State.STREAMING ? SelectionKey.OP_READ : 0));
  }

  /** Ticker thread: moves new bytes of the stream to the selector, unless the client lags. */
  private void pumpOnTicker() {
    if (queuedBytes.get() > STREAM_BACKLOG) {
      return;
    }
    byte[] data;
    try {
      data = source.poll();
    } catch (RuntimeException e) {
      log.warn("http: log tail failed: {}", e.toString());
      server.onSelector(this::close);
      return;
    }
    if (data.length == 0) {
      return;
    }
    queuedBytes.addAndGet(data.length);
    server.onSelector(() -> queueChunk(data));
  }

  private void queueChunk(byte[] data) {
    if (state != State.STREAMING) {
      return;
    }
    if (chunked) {
      out.add(ByteBuffer.wrap((Integer.toHexString(data.length) + "\r\n")
          .getBytes(StandardCharsets.ISO_8859_1)));
      out.add(ByteBuffer.wrap(data));
      out.add(ByteBuffer.wrap("\r\n".getBytes(StandardCharsets.ISO_8859_1)));
    } else {
      out.add(ByteBuffer.wrap(data));
    }
    if (out.size() == 1 || (key.interestOps() & SelectionKey.OP_WRITE) == 0) {
      lastActivity = System.nanoTime();
    }
    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
  }

  private void write() {
    try {
      while (!out.isEmpty()) {
        ByteBuffer b = out.peek();
        int before = b.remaining();
        channel.write(b);
        int written = before - b.remaining();
        if (written > 0) {
          lastActivity = System.nanoTime();
        }
        if (state == State.STREAMING) {
          queuedBytes.addAndGet(-written);
        }
        if (b.hasRemaining()) {
          return; // the socket is full; OP_WRITE stays on
        }
        out.poll();
      }
    } catch (IOException e) {
      close();
      return;
    }
    if (state == State.WRITING && afterSent != null) {
      Runnable sent = afterSent;
      afterSent = null;
      sent.run(); // every byte is in the socket: the body's arrays may be reused
    }
    switch (state) {
      case STREAMING -> key.interestOps(SelectionKey.OP_READ);
      case WRITING -> {
        if (!keepAlive) {
          lingeringClose();
          return;
        }
        state = State.READING;
        key.interestOps(SelectionKey.OP_READ);
        if (parser.hasPartial()) {
          requestStart = System.nanoTime();
          nextRequest(); // a pipelined request may already be complete
        }
      }
      default -> { }
    }
  }

  /**
   * Closing at once while the client is still sending (a refused 413 body) would reset the
   * connection and lose our answer: half-close, discard what still arrives, then close.
   */
  private void lingeringClose() {
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      close();
      return;
    }
    state = State.DRAINING;
    lastActivity = System.nanoTime();
    key.interestOps(SelectionKey.OP_READ);
  }

  /** No deadline: nothing to time out in this state. */
  static final long NO_DEADLINE = Long.MAX_VALUE;

  /**
   * When this connection times out if nothing happens meanwhile ({@link System#nanoTime} scale),
   * or {@link #NO_DEADLINE}: a partial request gets the request timeout, an idle connection the
   * idle timeout, an answer being written the write timeout.
   */
  long deadline() {
    HttpLimits l = server.limits;
    return switch (state) {
      case READING -> parser.hasPartial()
          ? requestStart + l.requestTimeout().toNanos()
          : lastActivity + l.idleTimeout().toNanos();
      case WRITING -> lastActivity + l.writeTimeout().toNanos();
      case STREAMING -> out.isEmpty() ? NO_DEADLINE : lastActivity + l.writeTimeout().toNanos();
      case DRAINING -> lastActivity + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
      default -> NO_DEADLINE;
    };
  }

  /** A request is being answered, or its answer written. */
  boolean answering() {
    return state == State.HANDLING || state == State.WRITING;
  }

  /** Its {@link #deadline()} has passed. */
  void timeOut() {
    log.debug("http: closing a connection to {} on timeout ({})", listener.section(), state);
    close();
  }

  void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    if (pump != null) {
      pump.cancel(false);
    }
    if (source != null) {
      source.close();
    }
    if (key != null) {
      key.cancel();
    }
    HttpServer.closeQuietly(channel);
    server.removed(this);
  }
}
