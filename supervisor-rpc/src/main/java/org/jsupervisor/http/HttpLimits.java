package org.jsupervisor.http;

import java.time.Duration;

/**
 * The bounds that keep one client from exhausting the daemon.
 *
 * @param maxRequestLine bytes of the request line (414 beyond)
 * @param maxHeaderBytes bytes of the whole header section (431 beyond)
 * @param maxHeaders number of header lines (431 beyond)
 * @param maxBody bytes of a request body (413 beyond)
 * @param idleTimeout a kept-alive connection with no request for this long is closed
 * @param requestTimeout a request must arrive completely within this time of its first byte
 * @param writeTimeout a response (or a log tail) that makes no progress for this long is dropped
 * @param workers request threads; fixed, whatever the number of programs or clients
 * @param maxConnections further connections are closed as soon as accepted
 */
public record HttpLimits(int maxRequestLine, int maxHeaderBytes, int maxHeaders, int maxBody,
    Duration idleTimeout, Duration requestTimeout, Duration writeTimeout, int workers,
    int maxConnections) {

  public static final HttpLimits DEFAULT = new HttpLimits(8192, 65536, 100, 4 * 1024 * 1024,
      Duration.ofSeconds(300), Duration.ofSeconds(30), Duration.ofSeconds(60), defaultWorkers(), 1024);

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
    if (workers < 1) {
      throw new IllegalArgumentException("workers < 1: " + workers);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections < 1: " + maxConnections);
    }
  }

  public HttpLimits withMaxBody(int bytes) {
    return new HttpLimits(maxRequestLine, maxHeaderBytes, maxHeaders, bytes, idleTimeout,
        requestTimeout, writeTimeout, workers, maxConnections);
  }

  public HttpLimits withTimeouts(Duration idle, Duration request, Duration write) {
    return new HttpLimits(maxRequestLine, maxHeaderBytes, maxHeaders, maxBody, idle, request,
        write, workers, maxConnections);
  }
}
