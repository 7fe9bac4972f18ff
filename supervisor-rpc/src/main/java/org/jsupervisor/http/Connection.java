package org.jsupervisor.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsupervisor.config.PyRepr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection. Everything here runs on the selector thread, except where noted, so
 * its fields need no locks. One request is handled at a time; pipelined bytes wait in the parser.
 *
 * <p>Each state has an absolute deadline counted from when it began ({@link #deadline()}), and
 * every byte this connection holds is counted in its listener's {@link ListenerShare}.
 */
final class Connection {
  private static final Logger log = LoggerFactory.getLogger("supervisord");
  private static final int STREAM_BACKLOG = 1024 * 1024;

  private enum State { READING, HANDLING, WRITING, STREAMING, DRAINING, CLOSED }

  private final HttpServer server;
  private final ListenerShare share;
  private final HttpServer.Listener listener;
  private final SocketChannel channel;
  private final RequestParser parser;
  private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
  SelectionKey key;
  private State state = State.READING;
  /** When the current state began ({@link System#nanoTime} scale). */
  private long stateSince = System.nanoTime();
  /** When the request being read began: its first byte. */
  private long requestStart;
  /** Whether some bytes of the request being read have arrived. */
  private boolean requestBegun;
  /** No request has been answered on this connection yet. */
  private boolean fresh = true;
  /** In STREAMING: since when some data waits for the client (the backlog was last empty). */
  private long backlogSince;
  /** The bytes counted in the share: the parser's and the body of the request being handled. */
  private long counted;
  private long bodyInHandling;
  private boolean keepAlive;
  private boolean chunked;
  private final AtomicInteger queuedBytes = new AtomicInteger();
  private HttpResponse.ChunkSource source;
  /** The current response's {@link HttpResponse#afterSent}, until its body is written. */
  private Runnable afterSent;
  private ScheduledFuture<?> pump;
  /** Set by the ticker once the stream failed: its later runs do nothing. */
  private volatile boolean pumpFailed;

  Connection(HttpServer server, ListenerShare share, SocketChannel channel) {
    this.server = server;
    this.share = share;
    this.listener = share.listener;
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
    ByteBuffer buffer = server.readBuffer;
    buffer.clear();
    int n;
    try {
      n = channel.read(buffer);
    } catch (IOException e) {
      close();
      return;
    }
    if (n < 0) {
      close(); // during HANDLING too: supervisord also drops a call whose client went away
      return;
    }
    if (n == 0) {
      return;
    }
    switch (state) {
      case READING -> {
        if (!requestBegun) {
          requestBegun = true;
          requestStart = System.nanoTime();
        }
        if (keep(buffer, n)) {
          nextRequest();
        }
      }
      case HANDLING -> {
        // Read only to notice a client that goes away; a pipelined request waits in the parser,
        // and a client that sends more than a head's worth meanwhile is not read any further.
        if (keep(buffer, n) && parser.pending() > server.limits.maxHeaderBytes()) {
          key.interestOps(0);
        }
      }
      default -> { } // a tail client has nothing to say; a refused body is discarded
    }
  }

  /** Gives the bytes to the parser if the share has room for them, else refuses with 503. */
  private boolean keep(ByteBuffer buffer, int n) {
    if (!share.fits(parser.growthFor(n))) {
      overBudget();
      return false;
    }
    parser.feed(buffer.array(), 0, n);
    recount();
    return true;
  }

  private void overBudget() {
    log.debug("http: {} holds too many request bytes; refusing a request", listener.section());
    if (state == State.READING) {
      refuse("HTTP/1.0", HttpResponse.error(503));
    } else {
      close(); // mid-answer there is no way to say so
    }
  }

  /** Brings the share's count to what this connection holds now. */
  private void recount() {
    long now = state == State.CLOSED ? 0 : parser.held() + bodyInHandling;
    share.adjust(now - counted);
    counted = now;
  }

  private void nextRequest() {
    HttpRequest request;
    try {
      HttpRequest head = parser.head();
      if (head == null) {
        return;
      }
      if (!parser.bodyAccepted()) {
        // Before a single byte of the body is kept: who may not send it, or for whom there is
        // no room, is answered now and the body discarded (supervisord also authenticates first).
        Optional<HttpResponse> refusal = listener.handler().refuseHead(head, listener);
        if (refusal.isPresent()) {
          refuse(head.version(), refusal.get());
          return;
        }
        if (!share.fits(parser.bodyLength())) {
          overBudget();
          return;
        }
        parser.acceptBody();
        recount();
      }
      request = parser.next();
    } catch (HttpError e) {
      // The reason may quote the client's bytes: quoted, so that no line it sends reaches the log.
      log.debug("http: {} from {}: {}", e.status, listener.section(), PyRepr.of(String.valueOf(e.getMessage())));
      refuse("HTTP/1.0", HttpResponse.error(e.status));
      return;
    }
    if (request == null) {
      return;
    }
    enter(State.HANDLING);
    fresh = false;
    requestBegun = false;
    bodyInHandling = request.body().length;
    recount();
    key.interestOps(SelectionKey.OP_READ);
    CompletableFuture<HttpResponse> answer;
    try {
      answer = CompletableFuture.supplyAsync(() -> listener.handler().handle(request, listener),
          server.workers).thenCompose(f -> f);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      close(); // the server is closing
      return;
    }
    answer.whenComplete((response, error) -> server.onSelector(this,
        () -> answered(request, response, error)));
  }

  /** An answer that closes the connection; nothing more of this request is kept. */
  private void refuse(String version, HttpResponse response) {
    parser.release();
    recount();
    respond(version, false, response, false);
  }

  private void answered(HttpRequest request, HttpResponse response, Throwable error) {
    bodyInHandling = 0;
    recount();
    if (state != State.HANDLING) {
      if (response != null && response.stream() != null) {
        response.stream().close(); // the client went away, or the call took too long
      }
      return;
    }
    HttpResponse r = response;
    if (error != null || r == null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null
          ? error.getCause() : error;
      log.error("http: error handling {} {}", PyRepr.of(request.method()), PyRepr.of(request.path()), cause);
      r = HttpResponse.error(500).closing();
    }
    respond(request.version(), request.keepAlive() && !r.close(), r,
        request.method().equals("HEAD"));
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
      enter(State.WRITING);
    } else {
      enter(State.STREAMING);
      backlogSince = stateSince;
      source = r.stream();
      pump = server.ticker.scheduleWithFixedDelay(this::pumpOnTicker, 0, 100,
          TimeUnit.MILLISECONDS);
    }
    key.interestOps(SelectionKey.OP_WRITE | (state == State.STREAMING ? SelectionKey.OP_READ : 0));
  }

  private void enter(State next) {
    state = next;
    stateSince = System.nanoTime();
  }

  /**
   * Ticker thread: moves new bytes of the stream to the selector, unless the client lags. Any
   * failure, an Error included, ends this one stream; left to the executor, it would cancel the
   * task silently and leave the client waiting forever.
   */
  private void pumpOnTicker() {
    if (pumpFailed) {
      return;
    }
    try {
      if (queuedBytes.get() > STREAM_BACKLOG) {
        return;
      }
      byte[] data = source.poll();
      if (data.length == 0) {
        return;
      }
      queuedBytes.addAndGet(data.length);
      server.onSelector(this, () -> queueChunk(data));
    } catch (Throwable e) {
      pumpFailed = true;
      server.onSelector(this, this::close);
      log.warn("http: log tail failed: {}", e.toString());
    }
  }

  private void queueChunk(byte[] data) {
    if (state != State.STREAMING) {
      return;
    }
    if (out.isEmpty()) {
      backlogSince = System.nanoTime();
    }
    if (chunked) {
      out.add(ByteBuffer.wrap((Integer.toHexString(data.length) + "\r\n")
          .getBytes(StandardCharsets.ISO_8859_1)));
      out.add(ByteBuffer.wrap(data));
      out.add(ByteBuffer.wrap("\r\n".getBytes(StandardCharsets.ISO_8859_1)));
    } else {
      out.add(ByteBuffer.wrap(data));
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
        enter(State.READING);
        key.interestOps(SelectionKey.OP_READ);
        requestBegun = parser.hasPartial();
        requestStart = stateSince; // a pipelined request's time counts from now
        if (requestBegun) {
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
    parser.release();
    recount();
    enter(State.DRAINING);
    key.interestOps(SelectionKey.OP_READ);
  }

  /** No deadline: nothing to time out in this state. */
  static final long NO_DEADLINE = Long.MAX_VALUE;

  /**
   * When this connection times out ({@link System#nanoTime} scale), or {@link #NO_DEADLINE}.
   * Every deadline counts from the start of something (the request, the state, the backlog),
   * never from the last byte: trickling bytes buys a client no time.
   */
  long deadline() {
    HttpLimits l = server.limits;
    return switch (state) {
      // A new connection must bring its request as fast as a begun one: only a client that
      // was answered gets the (long) keep-alive time.
      case READING -> requestBegun ? requestStart + l.requestTimeout().toNanos()
          : stateSince + (fresh ? l.requestTimeout() : l.idleTimeout()).toNanos();
      case HANDLING -> stateSince + l.handleTimeout().toNanos();
      case WRITING -> stateSince + l.writeTimeout().toNanos();
      // A tail lives as long as its client keeps up: what is queued must be taken in time.
      case STREAMING -> out.isEmpty() ? NO_DEADLINE : backlogSince + l.writeTimeout().toNanos();
      case DRAINING -> stateSince + l.drainTimeout().toNanos();
      case CLOSED -> NO_DEADLINE;
    };
  }

  /** A request is being answered, or its answer written. */
  boolean answering() {
    return state == State.HANDLING || state == State.WRITING;
  }

  /** Its {@link #deadline()} has passed: a request that is late in coming is answered 408. */
  void timeOut() {
    if (state == State.READING && requestBegun) {
      log.debug("http: request on {} not complete in time", listener.section());
      refuse("HTTP/1.0", HttpResponse.error(408));
      return;
    }
    if (state == State.HANDLING) {
      log.warn("http: no answer within {} to a request on {}; closing its connection",
          server.limits.handleTimeout(), listener.section());
    } else {
      log.debug("http: closing a connection to {} on timeout ({})", listener.section(), state);
    }
    close();
  }

  void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    parser.release();
    bodyInHandling = 0;
    recount();
    share.closed();
    server.removed(this);
    if (pump != null) {
      pump.cancel(false);
    }
    if (key != null) {
      key.cancel();
    }
    HttpServer.closeQuietly(channel);
    if (source != null) {
      source.close();
    }
  }
}
