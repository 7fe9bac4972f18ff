package org.jsupervisor.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Incremental HTTP/1.x request parser with hard limits. Bytes are fed as they arrive;
 * {@link #next()} returns a complete request or null, and keeps any bytes of the next one.
 */
final class RequestParser {
  private final HttpLimits limits;
  private byte[] buf = new byte[1024];
  private int len;
  private int headEnd = -1; // index just after the blank line, once found
  private int scanFrom;
  private String method;
  private String target;
  private String version;
  private Map<String, String> headers;
  private int bodyLength;

  RequestParser(HttpLimits limits) {
    this.limits = limits;
  }

  /** True when some bytes of a request (not yet complete) are buffered. */
  boolean hasPartial() {
    return len > 0;
  }

  void feed(byte[] data, int off, int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
    }
    System.arraycopy(data, off, buf, len, n);
    len += n;
  }

  HttpRequest next() throws HttpError {
    if (headEnd < 0) {
      int end = findHeadEnd();
      if (end < 0) {
        checkPartialHead();
        return null;
      }
      headEnd = end;
      parseHead();
    }
    if (len - headEnd < bodyLength) {
      return null;
    }
    byte[] body = Arrays.copyOfRange(buf, headEnd, headEnd + bodyLength);
    var request = new HttpRequest(method, target, version, headers, body);
    int consumed = headEnd + bodyLength;
    System.arraycopy(buf, consumed, buf, 0, len - consumed);
    len -= consumed;
    headEnd = -1;
    scanFrom = 0;
    if (buf.length > 65536 && len < 1024) {
      buf = Arrays.copyOf(buf, 1024); // a big body must not pin memory for the connection's life
    }
    return request;
  }

  private int findHeadEnd() {
    for (int i = Math.max(0, scanFrom - 3); i < len; i++) {
      if (buf[i] == '\n') {
        if (i + 1 < len && buf[i + 1] == '\n') {
          return i + 2;
        }
        if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
          return i + 3;
        }
      }
    }
    scanFrom = len;
    return -1;
  }

  private void checkPartialHead() throws HttpError {
    int firstLine = indexOf((byte) '\n', 0, len);
    if (firstLine < 0 && len > limits.maxRequestLine()) {
      throw new HttpError(414, "request line too long");
    }
    if (len > limits.maxHeaderBytes()) {
      throw new HttpError(431, "headers too large");
    }
  }

  private int indexOf(byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private void parseHead() throws HttpError {
    if (headEnd > limits.maxHeaderBytes()) {
      throw new HttpError(431, "headers too large");
    }
    String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r?\n");
    if (lines[0].length() > limits.maxRequestLine()) {
      throw new HttpError(414, "request line too long");
    }
    String[] parts = lines[0].split(" ");
    if (parts.length != 3 || parts[0].isEmpty() || !parts[1].startsWith("/")) {
      throw new HttpError(400, "bad request line");
    }
    method = parts[0];
    target = parts[1];
    version = parts[2];
    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
      throw new HttpError(505, "unsupported version " + version);
    }
    headers = new HashMap<>();
    int count = 0;
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      if (++count > limits.maxHeaders()) {
        throw new HttpError(431, "too many headers");
      }
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new HttpError(400, "bad header line");
      }
      headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).strip());
    }
    bodyLength = 0;
    if (headers.containsKey("transfer-encoding")) {
      throw new HttpError(411, "chunked request bodies are not supported");
    }
    String cl = headers.get("content-length");
    if (cl != null) {
      long n;
      try {
        n = Long.parseLong(cl);
      } catch (NumberFormatException e) {
        throw new HttpError(400, "bad Content-Length");
      }
      if (n < 0) {
        throw new HttpError(400, "bad Content-Length");
      }
      if (n > limits.maxBody()) {
        throw new HttpError(413, "body too large: " + n);
      }
      bodyLength = (int) n;
    } else if (method.equals("POST")) {
      throw new HttpError(411, "Content-Length required");
    }
  }
}
