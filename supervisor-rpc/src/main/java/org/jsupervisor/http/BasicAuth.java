package org.jsupervisor.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jsupervisor.config.Credentials;

/**
 * HTTP Basic authentication as supervisord checks it: plain passwords, or {@code {SHA}<hex>}
 * compared with the lowercase hex SHA-1 of the given password. Comparisons take constant time.
 */
public final class BasicAuth {
  /** The outcome for one request. */
  public enum Result { OK, UNAUTHORIZED, BAD_REQUEST }

  private final Optional<Credentials> credentials;

  public BasicAuth(Optional<Credentials> credentials) {
    this.credentials = credentials;
  }

  public boolean enabled() {
    return credentials.isPresent();
  }

  /** Checks an {@code Authorization} header value (absent: unauthorized, if enabled). */
  public Result check(Optional<String> authorization) {
    if (credentials.isEmpty()) {
      return Result.OK;
    }
    if (authorization.isEmpty()) {
      return Result.UNAUTHORIZED;
    }
    String value = authorization.get().strip();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).equalsIgnoreCase("basic")) {
      return Result.UNAUTHORIZED;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(value.substring(space + 1).strip()),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Result.BAD_REQUEST;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Result.UNAUTHORIZED;
    }
    return matches(credentials.get(), decoded.substring(0, colon), decoded.substring(colon + 1))
        ? Result.OK : Result.UNAUTHORIZED;
  }

  /** Both parts are always compared, so the time does not tell which one was wrong. */
  static boolean matches(Credentials expected, String username, String password) {
    boolean userOk = constantTimeEquals(expected.username(), username);
    String stored = expected.password();
    boolean passOk;
    if (stored.startsWith("{SHA}")) {
      passOk = constantTimeEquals(stored.substring(5), sha1Hex(password));
    } else {
      passOk = constantTimeEquals(stored, password);
    }
    return userOk & passOk;
  }

  static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8));
  }

  static String sha1Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
