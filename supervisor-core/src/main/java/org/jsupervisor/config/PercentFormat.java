package org.jsupervisor.config;

import java.util.Locale;
import java.util.Map;

/**
 * Python's {@code str % mapping}, the expansion supervisord applies to every option value it
 * reads: {@code %(name)s}, {@code %(process_num)02d}, {@code %%}. Values are {@link String}s or
 * {@link Integer}s ({@code process_num}, {@code numprocs}), and a conversion that Python would
 * refuse for the value's type is refused here with Python's wording.
 */
final class PercentFormat {
  private PercentFormat() {}

  /** Why a format string could not be expanded. */
  static final class FormatError extends Exception {
    private final String missingName;

    private FormatError(String message, String missingName) {
      super(message, null, false, false);
      this.missingName = missingName;
    }

    static FormatError bad(String message) {
      return new FormatError(message, null);
    }

    /** The unknown name, or null when the format itself is malformed. */
    String missingName() {
      return missingName;
    }
  }

  static String format(String s, Map<String, ?> names) throws FormatError {
    if (s.indexOf('%') < 0) {
      return s;
    }
    var out = new StringBuilder(s.length());
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i++);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i >= n) {
        throw FormatError.bad("incomplete format");
      }
      Object value = null;
      boolean named = false;
      if (s.charAt(i) == '(') {
        int depth = 1;
        int start = ++i;
        while (i < n && depth > 0) {
          char k = s.charAt(i++);
          if (k == '(') {
            depth++;
          } else if (k == ')') {
            depth--;
          }
        }
        if (depth > 0) {
          throw FormatError.bad("incomplete format key");
        }
        String key = s.substring(start, i - 1);
        if (!names.containsKey(key)) {
          throw new FormatError(PyRepr.of(key), key);
        }
        value = names.get(key);
        named = true;
      }
      var spec = new Spec();
      while (i < n && "-+ #0".indexOf(s.charAt(i)) >= 0) {
        spec.flag(s.charAt(i++));
      }
      if (i < n && s.charAt(i) == '*') {
        throw FormatError.bad("* wants int");
      }
      int start = i;
      while (i < n && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        spec.width = Integer.parseInt(s.substring(start, i));
      }
      if (i < n && s.charAt(i) == '.') {
        i++;
        if (i < n && s.charAt(i) == '*') {
          throw FormatError.bad("* wants int");
        }
        start = i;
        while (i < n && Character.isDigit(s.charAt(i))) {
          i++;
        }
        spec.precision = i > start ? Integer.parseInt(s.substring(start, i)) : 0;
      }
      while (i < n && "hlL".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      if (i >= n) {
        throw FormatError.bad("incomplete format");
      }
      char conv = s.charAt(i++);
      if (conv == '%') {
        out.append('%');
        continue;
      }
      if (!named) {
        // Python would format the whole mapping here; no config means that on purpose.
        throw FormatError.bad("format requires a mapping");
      }
      out.append(convert(conv, value, spec, i - 1));
    }
    return out.toString();
  }

  private static final class Spec {
    boolean left;
    boolean plus;
    boolean space;
    boolean alt;
    boolean zero;
    int width = -1;
    int precision = -1;

    void flag(char c) {
      switch (c) {
        case '-' -> left = true;
        case '+' -> plus = true;
        case ' ' -> space = true;
        case '#' -> alt = true;
        default -> zero = true;
      }
    }
  }

  private static String convert(char conv, Object value, Spec spec, int index) throws FormatError {
    return switch (conv) {
      case 's', 'r', 'a' -> {
        String text = conv == 's' || value instanceof Integer ? value.toString() : PyRepr.of((String) value);
        if (spec.precision >= 0 && spec.precision < text.length()) {
          text = text.substring(0, spec.precision);
        }
        yield pad(text, spec);
      }
      case 'd', 'i', 'u' -> integer(conv, value, spec, 10, "", "a real number is required");
      case 'o' -> integer(conv, value, spec, 8, "0o", "an integer is required");
      case 'x' -> integer(conv, value, spec, 16, "0x", "an integer is required");
      case 'X' -> integer(conv, value, spec, 16, "0X", "an integer is required").toUpperCase(Locale.ROOT);
      case 'e', 'E', 'f', 'F', 'g', 'G' -> {
        if (!(value instanceof Integer number)) {
          throw FormatError.bad("must be real number, not " + typeName(value));
        }
        String pattern = "%" + (spec.alt ? "#" : "") + (spec.precision >= 0 ? "." + spec.precision : ".6") + conv;
        String text = String.format(Locale.ROOT, pattern, (double) number);
        yield signed(text.startsWith("-") ? text.substring(1) : text, number < 0, spec);
      }
      case 'c' -> {
        if (value instanceof Integer number) {
          yield pad(new String(Character.toChars(number)), spec);
        }
        String text = (String) value;
        if (text.codePointCount(0, text.length()) != 1) {
          throw FormatError.bad("%c requires int or char");
        }
        yield pad(text, spec);
      }
      default -> throw FormatError.bad(String.format(
          "unsupported format character %s (0x%x) at index %d", PyRepr.of(String.valueOf(conv)), (int) conv, index));
    };
  }

  private static String integer(char conv, Object value, Spec spec, int radix, String prefix, String required)
      throws FormatError {
    if (!(value instanceof Integer number)) {
      throw FormatError.bad("%" + conv + " format: " + required + ", not " + typeName(value));
    }
    String digits = Integer.toString(Math.abs(number), radix);
    if (number == Integer.MIN_VALUE) {
      digits = Long.toString(-(long) number, radix);
    }
    if (spec.precision > digits.length()) {
      digits = "0".repeat(spec.precision - digits.length()) + digits;
    }
    return signed((spec.alt ? prefix : "") + digits, number < 0, spec);
  }

  /** Adds the sign and pads, zero padding going between the sign (and prefix) and digits. */
  private static String signed(String body, boolean negative, Spec spec) {
    String sign = negative ? "-" : spec.plus ? "+" : spec.space ? " " : "";
    if (spec.zero && !spec.left && spec.width > sign.length() + body.length()) {
      String prefix = body.startsWith("0x") || body.startsWith("0X") || body.startsWith("0o") ? body.substring(0, 2) : "";
      String rest = body.substring(prefix.length());
      return sign + prefix + "0".repeat(spec.width - sign.length() - body.length()) + rest;
    }
    return pad(sign + body, spec);
  }

  private static String pad(String text, Spec spec) {
    int len = text.codePointCount(0, text.length());
    if (spec.width <= len) {
      return text;
    }
    String fill = " ".repeat(spec.width - len);
    return spec.left ? text + fill : fill + text;
  }

  private static String typeName(Object value) {
    return value instanceof Integer ? "int" : "str";
  }
}
