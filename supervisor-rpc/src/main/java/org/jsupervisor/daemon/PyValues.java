package org.jsupervisor.daemon;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jsupervisor.config.PyRepr;

/**
 * The handful of Python conversions supervisord's command line runs its values through, with
 * Python's own error texts, because those texts end up verbatim in {@code Error: invalid value for
 * -z 'x': ...}.
 */
final class PyValues {
  private PyValues() {}

  /** Python {@code int(v)}: surrounding whitespace, a sign and single '_' between digits allowed. */
  static long parseInt(String v) {
    return parseInt(v, 10, "invalid literal for int() with base 10: " + PyRepr.of(v));
  }

  /** {@code int(v, 8)}, as supervisord's {@code octal_type}; an optional {@code 0o} prefix is allowed. */
  static int parseOctal(String v) {
    String message = v + " can not be converted to an octal type";
    long n = parseInt(v, 8, message);
    if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(message);
    }
    return (int) n;
  }

  /**
   * supervisord's {@code byte_size}: lower-cased, a trailing {@code kb}/{@code mb}/{@code gb}
   * multiplies the {@code int()} of the rest by 1024, 1024², 1024³.
   */
  static long parseByteSize(String v) {
    String s = v.toLowerCase(Locale.ROOT);
    long multiplier = 1;
    if (s.endsWith("kb")) {
      multiplier = 1024L;
    } else if (s.endsWith("mb")) {
      multiplier = 1024L * 1024;
    } else if (s.endsWith("gb")) {
      multiplier = 1024L * 1024 * 1024;
    }
    if (multiplier != 1) {
      s = s.substring(0, s.length() - 2);
    }
    try {
      return Math.multiplyExact(parseInt(s), multiplier);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("byte size too large: " + PyRepr.of(v));
    }
  }

  private static long parseInt(String v, int radix, String message) {
    String s = v.strip();
    String sign = "";
    if (s.startsWith("+") || s.startsWith("-")) {
      sign = s.substring(0, 1);
      s = s.substring(1);
    }
    if (radix == 8 && (s.startsWith("0o") || s.startsWith("0O"))) {
      s = s.substring(2);
      if (s.startsWith("_")) {
        s = s.substring(1); // int('0o_17', 8) is valid Python
      }
    }
    if (s.isEmpty() || s.startsWith("_") || s.endsWith("_") || s.contains("__")) {
      throw new IllegalArgumentException(message);
    }
    s = s.replace("_", "");
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), radix) < 0) {
        throw new IllegalArgumentException(message);
      }
    }
    BigInteger n = new BigInteger(sign.equals("-") ? "-" + s : s, radix);
    if (n.bitLength() > 63) {
      // Python has no limit; our records hold ints/longs, so refuse rather than wrap around.
      throw new IllegalArgumentException("value out of range: " + PyRepr.of(v));
    }
    return n.longValue();
  }

  /** Python's {@code str()} of a list of str: {@code ['foo', 'bar']}. */
  static String reprList(List<String> items) {
    return items.stream().map(PyRepr::of).collect(Collectors.joining(", ", "[", "]"));
  }
}
