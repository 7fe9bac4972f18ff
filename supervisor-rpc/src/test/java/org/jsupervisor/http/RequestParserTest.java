package org.jsupervisor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestParserTest {
  private final HttpLimits limits = HttpLimits.DEFAULT.withMaxBody(100);

  private static void feed(RequestParser p, String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    p.feed(b, 0, b.length);
  }

  @Test
  void parsesPipelinedRequestsArrivingInPieces() throws Exception {
    var p = new RequestParser(limits);
    feed(p, "POST /RPC2 HTTP/1.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nab");
    assertNull(p.next());
    feed(p, "cGET /ok.html HTTP/1.0\r\n\r\n");
    HttpRequest first = p.next();
    assertEquals("POST", first.method());
    assertEquals("abc", new String(first.body(), StandardCharsets.UTF_8));
    assertEquals(false, first.keepAlive());
    HttpRequest second = p.next();
    assertEquals("/ok.html", second.path());
    assertEquals(false, second.keepAlive());
    assertNull(p.next());
  }

  @Test
  void keepAliveFollowsTheVersion() throws Exception {
    var p = new RequestParser(limits);
    feed(p, "GET / HTTP/1.1\r\n\r\nGET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    assertTrue(p.next().keepAlive());
    assertTrue(p.next().keepAlive());
  }

  private int status(String request) {
    var p = new RequestParser(limits);
    feed(p, request);
    return assertThrows(HttpError.class, p::next).status;
  }

  @Test
  void enforcesItsLimits() {
    assertEquals(413, status("POST /RPC2 HTTP/1.1\r\nContent-Length: 101\r\n\r\n"));
    assertEquals(411, status("POST /RPC2 HTTP/1.1\r\n\r\n"));
    assertEquals(411, status("POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"));
    assertEquals(414, status("GET /" + "a".repeat(9000)));
    assertEquals(431, status("GET / HTTP/1.1\r\n" + "X: y\r\n".repeat(101) + "\r\n"));
    assertEquals(431, status("GET / HTTP/1.1\r\n" + ("X: " + "y".repeat(1000) + "\r\n").repeat(70)));
    assertEquals(400, status("\u0000\u0001garbage\r\n\r\n"));
    assertEquals(400, status("POST /RPC2 HTTP/1.1\r\nContent-Length: -1\r\n\r\n"));
    assertEquals(505, status("GET / HTTP/2.0\r\n\r\n"));
  }

  /**
   * A head made of blank lines used to throw an ArrayIndexOutOfBoundsException (not an
   * HttpError) and leave the parser half-set, so that the next byte made a request of nulls.
   */
  @Test
  void blankLinesBeforeARequestAreSkippedAndNeverMakeARequestOfNulls() throws Exception {
    var p = new RequestParser(limits);
    feed(p, "\r\n\r\n");
    assertNull(p.next());
    feed(p, "x");
    assertNull(p.next(), "one byte is not a request");
    feed(p, " /ok.html HTTP/1.1\r\nHost: h\r\n\r\n");
    HttpRequest r = p.next();
    assertEquals("x", r.method());
    assertEquals("/ok.html", r.path());
    assertEquals("h", r.header("host").orElseThrow());
    assertNull(p.next());
  }

  @Test
  void framingAndHeaderLaxitiesAreRefused() {
    // RFC 9112 section 6.3: two different lengths leave the framing unknown.
    assertEquals(400, status("POST /RPC2 HTTP/1.1\r\nContent-Length: 5\r\n"
        + "Content-Length: 7\r\n\r\n"));
    assertEquals(400, status("POST /RPC2 HTTP/1.1\r\nContent-Length : 5\r\n\r\n"));
    assertEquals(400, status("POST /RPC2 HTTP/1.1\r\nContent-Length: +5\r\n\r\n"));
    assertEquals(400, status("POST /RPC2 HTTP/1.1\r\nContent-Length: 5 5\r\n\r\n"));
    assertEquals(400, status("GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n"));
    assertEquals(400, status("GET / HTTP/1.1\r\nX\u0000Y: a\r\n\r\n"));
    assertEquals(400, status("GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n"));
    assertEquals(400, status("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n"));
    assertEquals(400, status("GET  / HTTP/1.1\r\n\r\n"));
    assertEquals(400, status("GET /a\u0001 HTTP/1.1\r\n\r\n"));
    assertEquals(400, status("G(T / HTTP/1.1\r\n\r\n"));
    assertEquals(400, status("GET / FTP/1.1\r\n\r\n"));
  }

  @Test
  void aRepeatedEqualContentLengthIsOneLength() throws Exception {
    var p = new RequestParser(limits);
    feed(p, "POST /RPC2 HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok");
    assertEquals("ok", new String(p.next().body(), StandardCharsets.UTF_8));
  }

  /** After an error the parser holds nothing and keeps failing the same way. */
  @Test
  void aFailedParserStaysFailedAndEmpty() {
    var p = new RequestParser(limits);
    feed(p, "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n");
    assertEquals(400, assertThrows(HttpError.class, p::next).status);
    feed(p, "GET / HTTP/1.1\r\n\r\n");
    assertEquals(400, assertThrows(HttpError.class, p::next).status);
    assertEquals(0, p.held());
  }

  /**
   * The head is available before the body, and the body's array (of its exact length) exists
   * only once accepted: a refused client's 4 MiB costs nothing.
   */
  @Test
  void theBodyIsAllocatedOnlyOnceAcceptedAndAtItsExactLength() throws Exception {
    var big = HttpLimits.DEFAULT;
    var p = new RequestParser(big);
    feed(p, "POST /RPC2 HTTP/1.1\r\nContent-Length: 4194304\r\n\r\nabc");
    HttpRequest head = p.head();
    assertEquals("POST", head.method());
    assertEquals(0, head.body().length);
    assertEquals(4194304, p.bodyLength());
    assertTrue(p.held() < 2048, "no body array yet: " + p.held());
    p.acceptBody();
    assertEquals(4194304 + 0, p.held(), "exactly the body; the head buffer is free");
    feed(p, "x".repeat(4194301));
    HttpRequest r = p.next();
    assertEquals(4194304, r.body().length);
    assertEquals('a', r.body()[0]);
    assertEquals(0, p.held());
  }
}
