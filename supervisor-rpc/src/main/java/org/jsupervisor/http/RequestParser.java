package org.jsupervisor.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Incremental HTTP/1.x request parser with hard limits. Bytes are fed as they arrive;
 * {@link #head()} returns a request's head as soon as it is complete, so the caller can refuse it
 * (authentication) before its body is read; {@link #next()} returns the complete request and
 * keeps any bytes of the next one.
 *
 * <p>The body gets an array of its exact length only once {@link #acceptBody()} is called; until
 * then the parser holds at most one head and what arrived with it. After an {@link HttpError}
 * the parser stays failed and holds nothing.
 */
final class RequestParser {
  private static final byte[] NONE = new byte[0];
  private static final int FIRST_CAPACITY = 1024;

  private final HttpLimits limits;
  /** Bytes not yet consumed: a head being received, or what came after the current body. */
  private byte[] buf = NONE;
  private int len;
  private int scanFrom;
  /** The current request's head (its body empty), once complete. */
  private HttpRequest head;
  private int bodyLength;
  /** The current request's body, once accepted; filled up to {@link #bodyFilled}. */
  private byte[] body;
  private int bodyFilled;
  private HttpError failed;

  RequestParser(HttpLimits limits) {
    this.limits = limits;
  }

  /** True when some bytes of a request (not yet complete) are buffered. */
  boolean hasPartial() {
    return len > 0 || head != null;
  }

  /** Bytes buffered beyond the current request's body (the next requests' heads). */
  int pending() {
    return len;
  }

  /** The memory held: the head buffer and the body array. */
  long held() {
    return buf.length + (body == null ? 0 : body.length);
  }

  /** The length of the current head's body, once {@link #head()} returned it. */
  int bodyLength() {
    return bodyLength;
  }

  /** Whether the current head's body was accepted (and its array allocated). */
  boolean bodyAccepted() {
    return body != null;
  }

  /** How many bytes {@link #feed} of {@code n} bytes would allocate. */
  long growthFor(int n) {
    if (failed != null) {
      return 0;
    }
    int rest = n - Math.min(n, bodyRoom());
    return len + rest > buf.length ? capacityFor(len + rest) - buf.length : 0;
  }

  private int bodyRoom() {
    return body == null ? 0 : body.length - bodyFilled;
  }

  /**
   * Doubles (from 1 KiB) while a head arrives, but never past the head limit: a client can make
   * the buffer no bigger than it must be to tell that the head is too large.
   */
  private int capacityFor(int need) {
    int doubled = buf.length == 0 ? FIRST_CAPACITY : buf.length * 2;
    return Math.max(need, Math.min(doubled, limits.maxHeaderBytes() + 1));
  }

  void feed(byte[] data, int off, int n) {
    if (failed != null) {
      return; // a failed request's connection only waits to be closed
    }
    int toBody = Math.min(n, bodyRoom());
    if (toBody > 0) {
      System.arraycopy(data, off, body, bodyFilled, toBody);
      bodyFilled += toBody;
    }
    int rest = n - toBody;
    if (rest == 0) {
      return;
    }
    if (len + rest > buf.length) {
      buf = Arrays.copyOf(buf, capacityFor(len + rest));
    }
    System.arraycopy(data, off + toBody, buf, len, rest);
    len += rest;
  }

  /** The current request's head (with an empty body) once complete, else null. */
  HttpRequest head() throws HttpError {
    if (failed != null) {
      throw failed;
    }
    if (head != null) {
      return head;
    }
    try {
      skipBlankLines();
      int end = findHeadEnd();
      if (end < 0) {
        checkPartialHead();
        return null;
      }
      HttpRequest parsed = parseHead(end);
      bodyLength = contentLength(parsed);
      head = parsed;
      consume(end);
      return head;
    } catch (HttpError e) {
      failed = e;
      buf = NONE;
      len = 0;
      throw e;
    }
  }

  /** Allocates the body of the current head (which must have been returned by {@link #head}). */
  void acceptBody() {
    if (head == null || body != null) {
      throw new IllegalStateException("no head waiting for its body");
    }
    body = bodyLength == 0 ? NONE : new byte[bodyLength];
    bodyFilled = Math.min(len, bodyLength);
    System.arraycopy(buf, 0, body, 0, bodyFilled);
    consume(bodyFilled);
  }

  /** The complete request (accepting its body if not yet done), or null. */
  HttpRequest next() throws HttpError {
    if (head() == null) {
      return null;
    }
    if (body == null) {
      acceptBody();
    }
    if (bodyFilled < body.length) {
      return null;
    }
    var request = new HttpRequest(head.method(), head.target(), head.version(), head.headers(),
        body);
    head = null;
    body = null;
    bodyFilled = 0;
    bodyLength = 0;
    return request;
  }

  /** Drops every buffered byte, as when the connection is refused or closed. */
  void release() {
    buf = NONE;
    len = 0;
    body = null;
    head = null;
    failed = failed != null ? failed : new HttpError(400, "released");
  }

  private void consume(int n) {
    System.arraycopy(buf, n, buf, 0, len - n);
    len -= n;
    scanFrom = 0;
    if (len == 0) {
      buf = NONE; // an idle keep-alive connection holds no buffer
    } else if (buf.length > 4 * FIRST_CAPACITY && len < buf.length / 4) {
      buf = Arrays.copyOf(buf, Math.max(len, FIRST_CAPACITY));
    }
  }

  /** Empty lines before a request line are ignored, as RFC 9112 section 2.2 and medusa do. */
  private void skipBlankLines() {
    int i = 0;
    while (i < len && (buf[i] == '\r' || buf[i] == '\n')) {
      i++;
    }
    if (i > 0) {
      consume(i);
    }
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

  /** Parses without touching the parser's state, so a bad head leaves nothing half-set. */
  private HttpRequest parseHead(int end) throws HttpError {
    if (end > limits.maxHeaderBytes()) {
      throw new HttpError(431, "headers too large");
    }
    String[] lines = new String(buf, 0, end, StandardCharsets.ISO_8859_1).split("\r?\n");
    if (lines[0].length() > limits.maxRequestLine()) {
      throw new HttpError(414, "request line too long");
    }
    String[] parts = lines[0].split(" ", -1);
    if (parts.length != 3 || !isToken(parts[0]) || !parts[1].startsWith("/")
        || !isVisible(parts[1])) {
      throw new HttpError(400, "bad request line");
    }
    String version = parts[2];
    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
      throw new HttpError(version.matches("HTTP/[0-9]\\.[0-9]") ? 505 : 400,
          "unsupported version");
    }
    Map<String, String> headers = new HashMap<>();
    int count = 0;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue; // the blank line that ends the head
      }
      if (++count > limits.maxHeaders()) {
        throw new HttpError(431, "too many headers");
      }
      int colon = line.indexOf(':');
      // No space before the colon (RFC 9112 section 5.1) and no folded lines: both let two
      // parsers read different headers out of the same bytes.
      if (colon <= 0 || !isToken(line.substring(0, colon))) {
        throw new HttpError(400, "bad header name");
      }
      String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = stripSpaceAndTab(line.substring(colon + 1));
      if (!isFieldValue(value)) {
        throw new HttpError(400, "bad header value");
      }
      String earlier = headers.put(name, value);
      if (earlier != null && name.equals("content-length") && !earlier.equals(value)) {
        throw new HttpError(400, "conflicting Content-Length"); // RFC 9112 section 6.3
      }
    }
    return new HttpRequest(parts[0], parts[1], version, Map.copyOf(headers), NONE);
  }

  private int contentLength(HttpRequest request) throws HttpError {
    if (request.headers().containsKey("transfer-encoding")) {
      throw new HttpError(411, "chunked request bodies are not supported");
    }
    String cl = request.headers().get("content-length");
    if (cl == null) {
      if (request.method().equals("POST")) {
        throw new HttpError(411, "Content-Length required");
      }
      return 0;
    }
    // Digits only: Long.parseLong would also take "+5", which another parser may read otherwise.
    if (cl.isEmpty() || cl.length() > 18 || !cl.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new HttpError(400, "bad Content-Length");
    }
    long n = Long.parseLong(cl);
    if (n > limits.maxBody()) {
      throw new HttpError(413, "body too large: " + n);
    }
    return (int) n;
  }

  /** RFC 9110 token: the characters of a method or a header name. */
  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Printable ASCII, no space: a request target. */
  private static boolean isVisible(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static String stripSpaceAndTab(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
      to--;
    }
    return s.substring(from, to);
  }

  /** No control characters but tab: a stray CR or NUL in a value is refused, not passed on. */
  private static boolean isFieldValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < ' ' && c != '\t') || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
