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
}
