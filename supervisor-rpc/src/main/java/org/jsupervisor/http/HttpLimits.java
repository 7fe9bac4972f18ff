package org.jsupervisor.http;

import java.time.Duration;

/**
 * The bounds that keep one client from exhausting the daemon. Every connection state has an
 * absolute deadline, counted from the moment the state began: progress (one byte now and then)
 * never extends it.
 *
 * @param maxRequestLine bytes of the request line (414 beyond)
 * @param maxHeaderBytes bytes of the whole header section (431 beyond)
 * @param maxHeaders number of header lines (431 beyond)
 * @param maxBody bytes of a request body (413 beyond)
 * @param maxBufferedBytes bytes of requests (heads and bodies) held at once by the connections of
 *     one listener; a request that would exceed it is answered 503 and its connection closed
 * @param idleTimeout a kept-alive connection that starts no new request for this long is closed
 * @param requestTimeout a request must arrive completely within this time of its first byte (a new
 *     connection: of being accepted), else the connection is closed
 * @param handleTimeout a request not answered within this time has its connection closed
 * @param writeTimeout an answer must be written within this time; a log tail whose unsent data is
 *     not all taken by the client within this time is dropped
 * @param drainTimeout after an error answer, what the client still sends is read and discarded for
 *     at most this long before the connection is closed
 * @param workers request threads; fixed, whatever the number of programs or clients
 * @param maxConnections connections per listener; further ones are answered 503 and closed, so a
 *     flood on one listener (TCP) leaves the others (the unix socket) their full share
 */
public record HttpLimits(int maxRequestLine, int maxHeaderBytes, int maxHeaders, int maxBody,
    long maxBufferedBytes, Duration idleTimeout, Duration requestTimeout, Duration handleTimeout,
    Duration writeTimeout, Duration drainTimeout, int workers, int maxConnections) {

  public static final HttpLimits DEFAULT = new HttpLimits(8192, 16384, 100, 4 * 1024 * 1024,
      16L * 1024 * 1024, Duration.ofSeconds(300), Duration.ofSeconds(30), Duration.ofHours(1),
      Duration.ofSeconds(60), Duration.ofSeconds(2), defaultWorkers(), 1024);

  /**
   * Two request threads per core, 2 to 8: a request that waits for the loop holds none, so they
   * only format and parse XML.
   */
  private static int defaultWorkers() {
    return Math.max(2, Math.min(8, 2 * Runtime.getRuntime().availableProcessors()));
  }

  public HttpLimits {
    if (maxRequestLine < 64) {
      throw new IllegalArgumentException("maxRequestLine < 64: " + maxRequestLine);
    }
    if (maxHeaderBytes < maxRequestLine) {
      throw new IllegalArgumentException("maxHeaderBytes < maxRequestLine: " + maxHeaderBytes);
    }
    if (maxBody < 0) {
      throw new IllegalArgumentException("maxBody < 0: " + maxBody);
    }
    if (maxBufferedBytes < maxHeaderBytes) {
      throw new IllegalArgumentException("maxBufferedBytes < maxHeaderBytes: " + maxBufferedBytes);
    }
    for (Duration d : new Duration[] {idleTimeout, requestTimeout, handleTimeout, writeTimeout,
        drainTimeout}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeout <= 0: " + d);
      }
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers < 1: " + workers);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections < 1: " + maxConnections);
    }
  }

  public HttpLimits withMaxBody(int bytes) {
    return new HttpLimits(maxRequestLine, maxHeaderBytes, maxHeaders, bytes, maxBufferedBytes,
        idleTimeout, requestTimeout, handleTimeout, writeTimeout, drainTimeout, workers,
        maxConnections);
  }

  public HttpLimits withTimeouts(Duration idle, Duration request, Duration write) {
    return new HttpLimits(maxRequestLine, maxHeaderBytes, maxHeaders, maxBody, maxBufferedBytes,
        idle, request, handleTimeout, write, drainTimeout, workers, maxConnections);
  }

  public HttpLimits withHandleAndDrainTimeouts(Duration handle, Duration drain) {
    return new HttpLimits(maxRequestLine, maxHeaderBytes, maxHeaders, maxBody, maxBufferedBytes,
        idleTimeout, requestTimeout, handle, writeTimeout, drain, workers, maxConnections);
  }

  public HttpLimits withShares(int connections, long bufferedBytes) {
    return new HttpLimits(maxRequestLine, maxHeaderBytes, maxHeaders, maxBody, bufferedBytes,
        idleTimeout, requestTimeout, handleTimeout, writeTimeout, drainTimeout, workers,
        connections);
  }
}
