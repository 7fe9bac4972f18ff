package org.jsupervisor.http;

/**
 * One listener's share of the server: how many connections it has and how many request bytes
 * they hold. Each listener has its own, so a flood on the TCP port never takes the room of the
 * unix socket, the administrator's own way in. Used on the selector thread only.
 */
final class ListenerShare {
  final HttpServer.Listener listener;
  private final int maxConnections;
  private final long maxBytes;
  private int connections;
  private long bytes;
  /** While accepting fails (out of file descriptors), accepting pauses until then. */
  long acceptPausedUntil;
  boolean acceptPaused;
  /** Whether connections were refused since the last one closed (to log a flood once). */
  boolean full;

  ListenerShare(HttpServer.Listener listener, HttpLimits limits) {
    this.listener = listener;
    this.maxConnections = limits.maxConnections();
    this.maxBytes = limits.maxBufferedBytes();
  }

  /** Takes a connection slot, unless all are taken. */
  boolean open() {
    if (connections >= maxConnections) {
      return false;
    }
    connections++;
    return true;
  }

  void closed() {
    connections--;
    full = false;
  }

  int connections() {
    return connections;
  }

  /** Whether {@code more} bytes fit in what is left of the budget. */
  boolean fits(long more) {
    return more <= maxBytes - bytes;
  }

  /** Records that this listener's connections now hold {@code delta} more (or fewer) bytes. */
  void adjust(long delta) {
    bytes += delta;
  }

  long bytes() {
    return bytes;
  }
}
