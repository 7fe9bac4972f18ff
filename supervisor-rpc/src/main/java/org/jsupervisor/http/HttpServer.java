package org.jsupervisor.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server over any mix of TCP and UNIX-domain listeners (JDK NIO, Java 16+).
 *
 * <p>One selector thread accepts, reads requests into {@link RequestParser} (bounded sizes,
 * request and idle timeouts) and writes responses; a fixed pool of worker threads runs the
 * {@link Handler}, whose answer may be a future (so a waiting RPC holds no thread); one ticker
 * thread pumps streamed responses (log tails). The number of threads never depends on the number
 * of clients or programs.
 *
 * <p>No client can make it hold more than fixed amounts: each listener has its own
 * {@link ListenerShare} of connections and request bytes (so a flood on TCP leaves the unix
 * socket its room), every connection state has an absolute deadline, and a failure in any step,
 * an Error included, closes the one connection it concerns (see docs/api.md, "Limits and
 * timeouts").
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("supervisord");

  /** Answers one request; runs on a worker thread and may complete later on any thread. */
  @FunctionalInterface
  public interface Handler {
    CompletableFuture<HttpResponse> handle(HttpRequest request, Listener listener);

    /**
     * Looks at a request's head (its body empty) as soon as it has arrived, before the body is
     * read: an answer here is sent instead of calling {@link #handle}, the body is discarded
     * and the connection closed. Runs on the selector thread, so it must be quick.
     */
    default Optional<HttpResponse> refuseHead(HttpRequest head, Listener listener) {
      return Optional.empty();
    }
  }

  /** A listening socket and what is served on it (its authentication differs per section). */
  public record Listener(String section, ServerSocketChannel channel, Handler handler) {}

  final HttpLimits limits;
  final ExecutorService workers;
  final ScheduledExecutorService ticker;
  private final Selector selector;
  private final List<Listener> listeners;
  private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
  private final List<ListenerShare> shares = new ArrayList<>();
  /** The one read buffer: reads happen on the selector thread only, one at a time. */
  final ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);
  private final Set<Connection> connections = new HashSet<>();
  private final Thread thread;
  private volatile boolean closed;
  /** Set by {@link #close()}: answers being made or written get {@link #CLOSE_GRACE} to finish. */
  private volatile long closingSince;
  private volatile boolean closing;
  private static final long CLOSE_GRACE = TimeUnit.SECONDS.toNanos(1);

  public HttpServer(List<Listener> listeners, HttpLimits limits) throws IOException {
    this.limits = limits;
    this.listeners = List.copyOf(listeners);
    var pool = new ThreadPoolExecutor(limits.workers(), limits.workers(), 5, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), named("http-worker"));
    // Request threads exist only while requests come: an idle daemon keeps none of them.
    pool.allowCoreThreadTimeOut(true);
    this.workers = pool;
    var tails = new ScheduledThreadPoolExecutor(1, named("http-tail"));
    tails.setKeepAliveTime(5, TimeUnit.SECONDS);
    tails.allowCoreThreadTimeOut(true); // like the workers: none while nobody tails a log
    this.ticker = tails;
    this.selector = Selector.open();
    for (Listener l : listeners) {
      var share = new ListenerShare(l, limits);
      shares.add(share);
      l.channel().configureBlocking(false);
      l.channel().register(selector, SelectionKey.OP_ACCEPT, share);
    }
    thread = new Thread(this::run, "http-selector");
    thread.setDaemon(true);
    thread.start();
  }

  private static ThreadFactory named(String prefix) {
    var n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The executor for request handling; fixed-size. */
  public ExecutorService workers() {
    return workers;
  }

  /** A step of one connection, to run on the selector thread. */
  private record Task(Connection connection, Runnable step) {}

  /** Runs {@code step} of {@code connection} on the selector thread. */
  void onSelector(Connection connection, Runnable step) {
    tasks.add(new Task(connection, step));
    selector.wakeup();
  }

  private void run() {
    long nextDeadline = Connection.NO_DEADLINE;
    while (!closed) {
      if (closing && (!answering() || System.nanoTime() - closingSince > CLOSE_GRACE)) {
        return;
      }
      try {
        // Sleep until a client acts or the nearest connection deadline: an idle daemon with a
        // client's idle keep-alive connection open wakes once per idle timeout, not 4 times a
        // second. While closing, look again soon.
        selector.select(closing ? 10 : selectTimeoutMillis(nextDeadline));
      } catch (IOException | java.nio.channels.ClosedSelectorException e) {
        log.error("http selector failed: {}", e.toString());
        return;
      }
      // Whatever goes wrong below (an Error included) costs one connection at most: this
      // thread is the only one that serves every listener.
      try {
        Task task;
        while ((task = tasks.poll()) != null) {
          step(task.connection(), task.step());
        }
        for (SelectionKey key : selector.selectedKeys()) {
          if (!key.isValid()) {
            continue;
          }
          if (key.attachment() instanceof ListenerShare share) {
            accept(share, key);
          } else if (key.attachment() instanceof Connection c) {
            step(c, () -> c.ready(key));
          }
        }
        selector.selectedKeys().clear();
        nextDeadline = closeExpired(System.nanoTime());
      } catch (Throwable e) {
        selector.selectedKeys().clear();
        nextDeadline = System.nanoTime(); // look at the deadlines again at once
        report("http: internal error", e);
      }
    }
  }

  /** What the server holds now: for tests, and for reading figures off a live server. */
  record Usage(int connections, long bufferedBytes) {}

  /** {@link Usage}, as counted on the selector thread. */
  CompletableFuture<Usage> usage() {
    var result = new CompletableFuture<Usage>();
    onSelector(null, () -> {
      long bytes = 0;
      for (ListenerShare share : shares) {
        bytes += share.bytes();
      }
      result.complete(new Usage(connections.size(), bytes));
    });
    return result;
  }

  /** Runs one step of a connection; if it fails, that connection is dropped, nothing else. */
  private static void step(Connection c, Runnable r) {
    try {
      r.run();
    } catch (Throwable e) {
      report("http: internal error; closing the connection", e);
      if (c == null) {
        return;
      }
      try {
        c.close();
      } catch (Throwable again) {
        report("http: closing a failed connection failed", again);
      }
    }
  }

  /** Logs a failure, unless logging fails too (short of memory): the server must go on. */
  private static void report(String what, Throwable e) {
    try {
      log.error(what, e);
    } catch (Throwable ignored) {
      // Nothing left to tell it with.
    }
  }

  /** Whether a request is being answered or its answer written (the shutdown call's own). */
  private boolean answering() {
    for (Connection c : connections) {
      if (c.answering()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Closes the connections whose deadline has passed; returns the nearest deadline of the rest.
   * Runs on every wake-up, so it copies nothing unless a connection actually expired.
   */
  private long closeExpired(long now) {
    long nearest = Connection.NO_DEADLINE;
    List<Connection> expired = null;
    for (Connection c : connections) {
      long d = c.deadline();
      if (d == Connection.NO_DEADLINE) {
        continue;
      }
      if (now - d > 0) {
        if (expired == null) {
          expired = new ArrayList<>();
        }
        expired.add(c); // closing removes it from connections: not while iterating
      } else if (nearest == Connection.NO_DEADLINE || d - nearest < 0) {
        nearest = d;
      }
    }
    if (expired != null) {
      for (Connection c : expired) {
        step(c, c::timeOut);
      }
    }
    for (ListenerShare share : shares) {
      if (share.acceptPaused) {
        if (now - share.acceptPausedUntil >= 0) {
          resumeAccepting(share);
        } else if (nearest == Connection.NO_DEADLINE || share.acceptPausedUntil - nearest < 0) {
          nearest = share.acceptPausedUntil;
        }
      }
    }
    return nearest;
  }

  /** 0 (no timeout) without deadlines, else the milliseconds to the deadline, at least 1. */
  private static long selectTimeoutMillis(long deadline) {
    if (deadline == Connection.NO_DEADLINE) {
      return 0;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1;
    return Math.max(1, millis);
  }

  private static final long ACCEPT_PAUSE = TimeUnit.SECONDS.toNanos(1);

  private void accept(ListenerShare share, SelectionKey key) {
    Listener l = share.listener;
    while (true) {
      SocketChannel ch;
      try {
        ch = l.channel().accept();
      } catch (IOException e) {
        // Out of file descriptors, most likely: the pending connection stays in the backlog and
        // the listener stays ready, so retrying now would spin. Try again in a second.
        log.warn("http: accept on {} failed: {}", l.section(), e.toString());
        share.acceptPaused = true;
        share.acceptPausedUntil = System.nanoTime() + ACCEPT_PAUSE;
        key.interestOps(0);
        return;
      }
      if (ch == null) {
        return;
      }
      if (!share.open()) {
        refuseBusy(share, ch);
        continue;
      }
      try {
        ch.configureBlocking(false);
        var c = new Connection(this, share, ch);
        c.key = ch.register(selector, SelectionKey.OP_READ, c);
        connections.add(c);
      } catch (IOException | RuntimeException | Error e) {
        share.closed(); // the slot goes back whatever failed: it must not leak
        closeQuietly(ch);
        if (!(e instanceof IOException)) {
          report("http: internal error while accepting", e);
        }
      }
    }
  }

  private void resumeAccepting(ListenerShare share) {
    share.acceptPaused = false;
    for (SelectionKey k : selector.keys()) {
      if (k.attachment() == share && k.isValid()) {
        k.interestOps(SelectionKey.OP_ACCEPT);
      }
    }
  }

  /**
   * Over the listener's share: one non-blocking try to say 503, then close. Logged once per
   * flood, not once per connection.
   */
  private void refuseBusy(ListenerShare share, SocketChannel ch) {
    if (!share.full) {
      share.full = true;
      log.warn("http: {} has {} connections; refusing more until one closes",
          share.listener.section(), share.connections());
    }
    HttpResponse busy = HttpResponse.error(503);
    try {
      ch.configureBlocking(false);
      ch.write(new ByteBuffer[] {ByteBuffer.wrap(busy.head("HTTP/1.0", false, false)),
          busy.body().get(0).duplicate()});
      ch.shutdownOutput();
    } catch (IOException e) {
      // The client is gone already.
    }
    closeQuietly(ch);
  }

  void removed(Connection c) {
    connections.remove(c);
  }

  static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // Closing a socket the peer already dropped.
    }
  }

  /** Stops listening, drops every connection and stops the threads. */
  @Override
  public void close() {
    if (closing || closed) {
      return;
    }
    // Stop taking clients, but let the answers already under way go out first: the client of
    // supervisor.shutdown must get its "true" before the connection drops.
    for (Listener l : listeners) {
      closeQuietly(l.channel());
    }
    closingSince = System.nanoTime();
    closing = true;
    selector.wakeup();
    try {
      thread.join(TimeUnit.NANOSECONDS.toMillis(CLOSE_GRACE) + 2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closed = true;
    for (Connection c : new ArrayList<>(connections)) {
      c.close();
    }
    closeQuietly(selector);
    workers.shutdownNow();
    ticker.shutdownNow();
  }
}
