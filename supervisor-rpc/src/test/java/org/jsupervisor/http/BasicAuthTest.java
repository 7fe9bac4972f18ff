package org.jsupervisor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.jsupervisor.config.Credentials;
import org.junit.jupiter.api.Test;

class BasicAuthTest {
  private static Optional<String> basic(String userPass) {
    return Optional.of("Basic " + Base64.getEncoder().encodeToString(
        userPass.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void plainPasswords() {
    var auth = new BasicAuth(Optional.of(new Credentials("user", "123")));
    assertEquals(BasicAuth.Result.OK, auth.check(basic("user:123")));
    assertEquals(BasicAuth.Result.UNAUTHORIZED, auth.check(basic("user:1234")));
    assertEquals(BasicAuth.Result.UNAUTHORIZED, auth.check(basic("other:123")));
    assertEquals(BasicAuth.Result.UNAUTHORIZED, auth.check(Optional.empty()));
    assertEquals(BasicAuth.Result.UNAUTHORIZED, auth.check(Optional.of("Bearer abc")));
    assertEquals(BasicAuth.Result.BAD_REQUEST, auth.check(Optional.of("Basic !!!")));
  }

  @Test
  void shaPasswordsMatchOnlyLowercaseHex() {
    String hex = BasicAuth.sha1Hex("thepassword");
    assertEquals("82ab876d1387bfafe46cc1c8a2ef074eae50cb1d", hex);
    var auth = new BasicAuth(Optional.of(new Credentials("u", "{SHA}" + hex)));
    assertEquals(BasicAuth.Result.OK, auth.check(basic("u:thepassword")));
    assertEquals(BasicAuth.Result.UNAUTHORIZED, auth.check(basic("u:{SHA}" + hex)));
    var upper = new BasicAuth(Optional.of(new Credentials("u", "{SHA}" + hex.toUpperCase())));
    assertEquals(BasicAuth.Result.UNAUTHORIZED, upper.check(basic("u:thepassword")));
  }

  @Test
  void passwordsMayContainColons() {
    var auth = new BasicAuth(Optional.of(new Credentials("u", "a:b")));
    assertEquals(BasicAuth.Result.OK, auth.check(basic("u:a:b")));
  }

  @Test
  void noCredentialsMeansOpen() {
    var auth = new BasicAuth(Optional.empty());
    assertFalse(auth.enabled());
    assertEquals(BasicAuth.Result.OK, auth.check(Optional.empty()));
  }

  @Test
  void comparisonIsConstantTimeEquality() {
    assertTrue(BasicAuth.constantTimeEquals("abc", "abc"));
    assertFalse(BasicAuth.constantTimeEquals("abc", "abd"));
    assertFalse(BasicAuth.constantTimeEquals("abc", "ab"));
  }
}
