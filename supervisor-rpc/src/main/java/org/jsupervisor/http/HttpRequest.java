package org.jsupervisor.http;

import java.util.Map;
import java.util.Optional;

/**
 * A parsed request.
 *
 * @param target the request target as sent (path and query, still URL-encoded)
 * @param version {@code HTTP/1.0} or {@code HTTP/1.1}
 * @param headers lower-cased names; a repeated header keeps its last value
 */
public record HttpRequest(String method, String target, String version,
    Map<String, String> headers, byte[] body) {

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  public String path() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** HTTP/1.1 keeps the connection unless told to close; 1.0 only if asked to keep it. */
  public boolean keepAlive() {
    String c = headers.getOrDefault("connection", "").toLowerCase(java.util.Locale.ROOT);
    return version.equals("HTTP/1.1") ? !c.contains("close") : c.contains("keep-alive");
  }
}
