package org.jsupervisor.compat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A reverse proxy as it is usually set up in front of supervisord: it serves the daemon under
 * {@code /supervisor/}, strips that prefix, rewrites {@code Host} to the daemon's address (as
 * nginx does unless told otherwise) and tells the original in {@code X-Forwarded-Host}.
 * Anything outside the prefix is 404, so a link that escapes it fails. Responses are streamed,
 * so a {@code /logtail} keeps flowing.
 */
final class PathPrefixProxy implements AutoCloseable {
  static final String PREFIX = "/supervisor";
  /** Headers that belong to one hop, or that the JDK's client sets itself. */
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length",
      "expect", "host", "upgrade", "keep-alive", "transfer-encoding", "te", "trailer",
      "proxy-connection", "http2-settings");

  private final HttpServer server;
  private final ExecutorService threads;
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
  private final URI backend;

  PathPrefixProxy(URI backend) throws IOException {
    this.backend = backend;
    threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "path-prefix-proxy");
      t.setDaemon(true);
      return t;
    });
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(threads);
    server.createContext("/", this::forward);
    server.start();
  }

  /** The proxied page: {@code http://127.0.0.1:<port>/supervisor/}. */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX + "/";
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      if (!target.startsWith(PREFIX + "/")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String path = target.substring(PREFIX.length()) + (query == null ? "" : "?" + query);
      var request = HttpRequest.newBuilder(backend.resolve(path))
          .timeout(Duration.ofMinutes(5))
          .method(exchange.getRequestMethod(), body(exchange.getRequestBody().readAllBytes()));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(v -> request.header(name, v));
        }
      });
      request.header("X-Forwarded-Host", exchange.getRequestHeaders().getFirst("Host"));
      HttpResponse<InputStream> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      response.headers().map().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      boolean empty = response.statusCode() == 301 || response.statusCode() == 304
          || exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : 0);
      try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
          out.write(buf, 0, n);
          out.flush(); // each piece of a log tail as it comes
        }
      }
    }
  }

  private static HttpRequest.BodyPublisher body(byte[] bytes) {
    return bytes.length == 0 ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
