package org.jsupervisor.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jsupervisor.process.Signal;

/**
 * The value types of supervisord's options (its {@code datatypes} module): each converts one
 * already-expanded string or throws {@link InvalidValueException} naming the value.
 */
final class Values {
  private static final List<String> TRUTHY = List.of("yes", "true", "on", "1");
  private static final List<String> FALSY = List.of("no", "false", "off", "0");

  /** What a child log option asks for besides a path. */
  enum LogKeyword { NONE, AUTO, SYSLOG }

  private Values() {}

  static boolean bool(String v) throws InvalidValueException {
    String s = v.toLowerCase(Locale.ROOT);
    if (TRUTHY.contains(s)) {
      return true;
    }
    if (FALSY.contains(s)) {
      return false;
    }
    throw new InvalidValueException("not a valid boolean value: " + PyRepr.of(v));
  }

  static int integer(String v) throws InvalidValueException {
    Integer n = PyInt.parseOrNull(v);
    if (n == null) {
      throw new InvalidValueException("not an integer: " + PyRepr.of(v));
    }
    return n;
  }

  /** {@code 1024}, {@code 10KB}, {@code 50MB}, {@code 1GB} (suffix case-insensitive). */
  static long byteSize(String v) throws InvalidValueException {
    String s = v.toLowerCase(Locale.ROOT);
    long multiplier = 1;
    if (s.endsWith("kb")) {
      multiplier = 1024L;
    } else if (s.endsWith("mb")) {
      multiplier = 1024L * 1024;
    } else if (s.endsWith("gb")) {
      multiplier = 1024L * 1024 * 1024;
    }
    Integer n = PyInt.parseOrNull(multiplier == 1 ? s : s.substring(0, s.length() - 2));
    if (n == null) {
      throw new InvalidValueException("not a byte size: " + PyRepr.of(v));
    }
    return n * multiplier;
  }

  static int octal(String v) throws InvalidValueException {
    Integer n = PyInt.parseOrNull(v, 8);
    if (n == null) {
      throw new InvalidValueException(v + " can not be converted to an octal type");
    }
    return n;
  }

  static Signal signal(String v) throws InvalidValueException {
    Integer n = PyInt.parseOrNull(v);
    if (n != null) {
      return Signal.byNumber(n).orElseThrow(
          () -> new InvalidValueException("value " + PyRepr.of(v) + " is not a valid signal number"));
    }
    return Signal.parse(v).orElseThrow(
        () -> new InvalidValueException("value " + PyRepr.of(v) + " is not a valid signal name"));
  }

  static List<Integer> exitcodes(String v) throws InvalidValueException {
    if (v.isEmpty()) {
      return List.of();
    }
    var codes = new ArrayList<Integer>();
    for (String part : v.split(",", -1)) {
      Integer n = PyInt.parseOrNull(part);
      if (n == null || n < 0 || n > 255) {
        throw new InvalidValueException("not a valid list of exit codes: " + PyRepr.of(v));
      }
      codes.add(n);
    }
    return Collections.unmodifiableList(codes);
  }

  static AutoRestart autorestart(String v) throws InvalidValueException {
    String s = v.toLowerCase(Locale.ROOT);
    if (TRUTHY.contains(s)) {
      return AutoRestart.ALWAYS;
    }
    if (FALSY.contains(s)) {
      return AutoRestart.NEVER;
    }
    if (s.equals("unexpected")) {
      return AutoRestart.UNEXPECTED;
    }
    throw new InvalidValueException("invalid 'autorestart' value " + PyRepr.of(s));
  }

  static LogLevel loglevel(String v) throws InvalidValueException {
    return LogLevel.parse(v).orElseThrow(
        () -> new InvalidValueException("bad logging level name " + PyRepr.of(v)));
  }

  /** A process or group name: stripped, without space, {@code :} or {@code /}. */
  static String name(String v) throws InvalidValueException {
    String s = v.strip();
    for (char c : new char[] {' ', ':', '/'}) {
      if (s.indexOf(c) >= 0) {
        throw new InvalidValueException("Invalid name: " + PyRepr.of(v)
            + " because of character: " + PyRepr.of(String.valueOf(c)));
      }
    }
    return s;
  }

  /** {@code NONE}/{@code OFF}, {@code AUTO} or {@code syslog} (any case), else empty: a path. */
  static Optional<LogKeyword> logKeyword(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "none", "off" -> Optional.of(LogKeyword.NONE);
      case "auto" -> Optional.of(LogKeyword.AUTO);
      case "syslog" -> Optional.of(LogKeyword.SYSLOG);
      default -> Optional.empty();
    };
  }

  /**
   * A file path whose directory must exist ({@code ~} expanded, relative paths checked against
   * {@code cwd} but returned relative, as supervisord returns them).
   */
  static String existingDirpath(String v, Map<String, String> env, Path cwd) throws InvalidValueException {
    String expanded = expandUser(v, env);
    Path parent = Path.of(expanded).getParent();
    if (expanded.indexOf('/') < 0 || parent == null || Files.isDirectory(cwd.resolve(parent))) {
      return expanded;
    }
    throw new InvalidValueException("The directory named as part of the path " + v + " does not exist");
  }

  static String existingDirectory(String v, Map<String, String> env, Path cwd) throws InvalidValueException {
    String expanded = expandUser(v, env);
    if (!expanded.isEmpty() && Files.isDirectory(cwd.resolve(expanded))) {
      return expanded;
    }
    throw new InvalidValueException(v + " is not an existing directory");
  }

  /** Python's {@code os.path.expanduser}: {@code ~} is $HOME, {@code ~user} that user's home. */
  static String expandUser(String v, Map<String, String> env) {
    if (!v.startsWith("~")) {
      return v;
    }
    int slash = v.indexOf('/');
    String who = v.substring(1, slash < 0 ? v.length() : slash);
    String home = who.isEmpty() ? env.getOrDefault("HOME", Users.home(System.getProperty("user.name"))) : Users.home(who);
    if (home == null) {
      return v;
    }
    String rest = slash < 0 ? "" : v.substring(slash);
    return (home.endsWith("/") && !rest.isEmpty() ? home.substring(0, home.length() - 1) : home) + rest;
  }

  /** {@code os.path.normpath(os.path.abspath(expanduser(v)))}. */
  static String normalizePath(String v, Map<String, String> env, Path cwd) {
    return cwd.resolve(expandUser(v, env)).normalize().toString();
  }

  /** An inet listen address: {@code host:port}, {@code :port}, {@code *:port} or {@code port}. */
  static InetAddress inetAddress(String v) throws InvalidValueException {
    String host = "";
    String port = v;
    int colon = v.lastIndexOf(':');
    if (colon >= 0) {
      host = v.substring(0, colon).toLowerCase(Locale.ROOT);
      port = v.substring(colon + 1);
      if (port.isEmpty()) {
        throw new InvalidValueException("no port number specified in " + PyRepr.of(v));
      }
    }
    Integer n = PyInt.parseOrNull(port);
    if (n == null || n < 1 || n > 65535) {
      throw new InvalidValueException("not a valid port number: " + PyRepr.of(port));
    }
    return new InetAddress(host.equals("*") ? "" : host, n);
  }

  record InetAddress(String host, int port) {}
}
