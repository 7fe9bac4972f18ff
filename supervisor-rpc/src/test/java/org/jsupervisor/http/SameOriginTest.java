package org.jsupervisor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule that tells a web interface action sent by our own page from one sent by another. */
class SameOriginTest {
  /** A GET of an action with these headers (name, value, ...; names lower case, as parsed). */
  private static HttpRequest request(String... headers) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], headers[i + 1]);
    }
    return new HttpRequest("GET", "/?action=stopall", "HTTP/1.1", map, new byte[0]);
  }

  @Test
  void originOrRefererMustNameTheHostTheRequestWasSentTo() {
    assertTrue(SameOrigin.proven(request("host", "box:9001", "referer", "http://box:9001/")));
    assertTrue(SameOrigin.proven(request("host", "Box:9001", "origin", "http://BOX:9001")));
    assertTrue(SameOrigin.proven(request("host", "box", "referer", "http://box:80/x")),
        "a default port is the same origin");
    assertTrue(SameOrigin.proven(request("host", "box:443", "referer", "https://box/")));
    assertFalse(SameOrigin.proven(request("host", "box:9001", "referer", "http://box:9002/")));
    assertFalse(SameOrigin.proven(request("host", "box:9001", "referer", "http://box:9001.evil/")));
    assertFalse(SameOrigin.proven(request("host", "box:9001",
        "referer", "http://box:9001@evil.example/")), "user information is no host");
    assertFalse(SameOrigin.proven(request("host", "box:9001", "referer", "box:9001/")));
    assertFalse(SameOrigin.proven(request("host", "box:9001", "origin", "http://evil.example",
        "referer", "http://box:9001/")), "Origin decides when there is one");
    assertFalse(SameOrigin.proven(request("host", "box:9001")), "no proof at all");
    assertFalse(SameOrigin.proven(request("referer", "http://box:9001/")), "no Host to match");
  }

  @Test
  void aProxyThatRewritesHostPassesTheBrowsersInXForwardedHost() {
    assertTrue(SameOrigin.proven(request("host", "127.0.0.1:9001",
        "x-forwarded-host", "public.example", "referer", "https://public.example/supervisor/")));
    assertTrue(SameOrigin.proven(request("host", "127.0.0.1:9001",
        "x-forwarded-host", "public.example, inner:8080", "referer", "http://inner:8080/")));
    assertFalse(SameOrigin.proven(request("host", "127.0.0.1:9001",
        "x-forwarded-host", "public.example", "referer", "https://evil.example/")));
  }

  @Test
  void secFetchSiteWinsOverEverythingElse() {
    assertTrue(SameOrigin.proven(request("sec-fetch-site", "same-origin")));
    assertTrue(SameOrigin.proven(request("sec-fetch-site", "none")));
    assertFalse(SameOrigin.proven(request("sec-fetch-site", "same-site",
        "host", "box:9001", "referer", "http://box:9001/")));
    assertFalse(SameOrigin.proven(request("sec-fetch-site", "cross-site",
        "host", "box:9001", "origin", "http://box:9001")));
  }

  @Test
  void authorityIsHostAndPortWithoutTheDefault() {
    assertEquals(Optional.of("box:9001"), SameOrigin.authority("HTTP://Box:9001/index.html?x#y"));
    assertEquals(Optional.of("box"), SameOrigin.authority("https://box:443"));
    assertEquals(Optional.of("[::1]:9001"), SameOrigin.authority("http://[::1]:9001/"));
    assertEquals(Optional.empty(), SameOrigin.authority("null"));
    assertEquals(Optional.empty(), SameOrigin.authority("ftp://box/"));
    assertEquals(Optional.empty(), SameOrigin.authority("http:///path"));
  }
}
