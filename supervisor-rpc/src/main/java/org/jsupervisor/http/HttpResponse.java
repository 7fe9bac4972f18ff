package org.jsupervisor.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A response: status, extra headers, and either a body or a {@link ChunkSource} streamed until
 * the client goes away. The body may come in pieces (a large XML-RPC answer is written in
 * pieces); they are sent one after the other and never modified. {@code afterSent} runs once
 * the whole body has been written (or at once for a HEAD, whose body is not sent); a body that
 * is never sent in full (the client went away) never runs it. {@code Server}, {@code Date} and the framing headers are added by the
 * server, as supervisord's medusa does.
 */
public record HttpResponse(int status, List<Map.Entry<String, String>> headers,
    List<ByteBuffer> body, ChunkSource stream, boolean close, Runnable afterSent) {

  /** Data appended to something (a log file), polled by the server about every 100 ms. */
  public interface ChunkSource extends AutoCloseable {
    /** New bytes since the last call, or an empty array; never blocks for long. */
    byte[] poll();

    @Override
    void close();
  }

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

  public static HttpResponse of(int status, String contentType, byte[] body) {
    return of(status, contentType, List.of(ByteBuffer.wrap(body)));
  }

  public static HttpResponse of(int status, String contentType, List<ByteBuffer> body) {
    return new HttpResponse(status, List.of(Map.entry("Content-Type", contentType)),
        List.copyOf(body), null, false, null);
  }

  public static HttpResponse stream(List<Map.Entry<String, String>> headers, ChunkSource source) {
    return new HttpResponse(200, headers, List.of(), source, false, null);
  }

  /** The length of the body: the sum of its pieces. */
  public long bodyLength() {
    long n = 0;
    for (ByteBuffer b : body) {
      n += b.remaining();
    }
    return n;
  }

  /** medusa's HTML error page. */
  public static HttpResponse error(int status) {
    String body = "<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n"
        + "<h1>Error response</h1>\r\n<p>Error code " + status + ".\r\n<p>Message: "
        + reason(status) + ".\r\n</body>\r\n";
    return of(status, "text/html", body.getBytes(StandardCharsets.UTF_8));
  }

  public HttpResponse withHeader(String name, String value) {
    var h = new ArrayList<>(headers);
    h.add(Map.entry(name, value));
    return new HttpResponse(status, List.copyOf(h), body, stream, close, afterSent);
  }

  public HttpResponse closing() {
    return new HttpResponse(status, headers, body, stream, true, afterSent);
  }

  /** This response, running {@code action} once its body has been sent. */
  public HttpResponse afterSent(Runnable action) {
    return new HttpResponse(status, headers, body, stream, close, action);
  }

  /** The status line and headers; {@code chunked} for a stream to an HTTP/1.1 client. */
  byte[] head(String version, boolean keepAlive, boolean chunked) {
    var sb = new StringBuilder(256);
    sb.append(version).append(' ').append(status).append(' ').append(reason(status)).append("\r\n");
    sb.append("Server: Medusa/1.12\r\n");
    sb.append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
    for (var h : headers) {
      sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    if (stream == null && status != 304) { // a 304 has no body, and no length of its own
      sb.append("Content-Length: ").append(bodyLength()).append("\r\n");
    } else if (chunked) {
      sb.append("Transfer-Encoding: chunked\r\n");
    }
    if (!keepAlive) {
      sb.append("Connection: close\r\n");
    } else if (version.equals("HTTP/1.0")) {
      sb.append("Connection: Keep-Alive\r\n");
    }
    sb.append("\r\n");
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 301 -> "Moved Permanently";
      case 304 -> "Not Modified";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 411 -> "Length Required";
      case 413 -> "Request Entity Too Large";
      case 414 -> "Request-URI Too Long";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> "Unknown";
    };
  }
}
