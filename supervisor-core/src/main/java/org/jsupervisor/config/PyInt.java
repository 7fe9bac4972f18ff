package org.jsupervisor.config;

import java.math.BigInteger;

/**
 * Python's {@code int(text, base)} for the forms configs use: surrounding whitespace, a sign,
 * digits with single underscores between them, and for base 8 an optional {@code 0o} prefix.
 */
final class PyInt {
  private PyInt() {}

  /** The value, or null when Python would raise or it does not fit in an int. */
  static Integer parseOrNull(String text) {
    return parseOrNull(text, 10);
  }

  static Integer parseOrNull(String text, int base) {
    String s = text.strip();
    boolean negative = false;
    if (s.startsWith("+") || s.startsWith("-")) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (base == 8 && (s.startsWith("0o") || s.startsWith("0O"))) {
      s = s.substring(2);
      if (s.startsWith("_")) {
        s = s.substring(1);
      }
    }
    if (s.isEmpty() || s.startsWith("_") || s.endsWith("_") || s.contains("__")) {
      return null;
    }
    String digits = s.replace("_", "");
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), base) < 0 || digits.charAt(i) > 0x7f) {
        return null;
      }
    }
    var value = new BigInteger(digits, base);
    if (negative) {
      value = value.negate();
    }
    return value.bitLength() < 32 ? value.intValue() : null;
  }
}
