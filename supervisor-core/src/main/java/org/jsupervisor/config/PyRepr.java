package org.jsupervisor.config;

/**
 * Python's {@code repr()} of a str, which supervisord uses to quote paths and commands in
 * spawnerr texts ({@code can't find command 'foo'}): single quotes unless the text contains a
 * single quote and no double quote; backslash escapes for the quote, backslash, \t \n \r and other
 * non-printable characters.
 */
public final class PyRepr {
  private PyRepr() {}

  public static String of(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
    s.codePoints().forEach(cp -> {
      if (cp == quote || cp == '\\') {
        out.append('\\').appendCodePoint(cp);
      } else if (cp == '\t') {
        out.append("\\t");
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\r') {
        out.append("\\r");
      } else if (cp < 0x20 || cp == 0x7f) {
        out.append(String.format("\\x%02x", cp));
      } else if (cp >= 0x80 && !isPrintable(cp)) {
        out.append(cp <= 0xff ? String.format("\\x%02x", cp)
            : cp <= 0xffff ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out.append(quote).toString();
  }

  /**
   * Python 3's {@code repr()} of a bytes object, {@code b'...'}: the same quoting as for a str;
   * printable ASCII as is, every other byte as {@code \xNN} (but \t \n \r).
   */
  public static String ofBytes(byte[] data, int off, int len) {
    boolean single = false;
    boolean dbl = false;
    for (int i = off; i < off + len; i++) {
      single |= data[i] == '\'';
      dbl |= data[i] == '"';
    }
    char quote = single && !dbl ? '"' : '\'';
    var out = new StringBuilder(len + 3).append('b').append(quote);
    for (int i = off; i < off + len; i++) {
      int b = data[i] & 0xff;
      if (b == quote || b == '\\') {
        out.append('\\').append((char) b);
      } else if (b == '\t') {
        out.append("\\t");
      } else if (b == '\n') {
        out.append("\\n");
      } else if (b == '\r') {
        out.append("\\r");
      } else if (b < 0x20 || b >= 0x7f) {
        out.append(String.format("\\x%02x", b));
      } else {
        out.append((char) b);
      }
    }
    return out.append(quote).toString();
  }

  /** Approximates Python's str.isprintable for non-ASCII: not a control, format, separator or unassigned. */
  private static boolean isPrintable(int cp) {
    int type = Character.getType(cp);
    return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
        && type != Character.SURROGATE && type != Character.PRIVATE_USE
        && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
        && (type != Character.SPACE_SEPARATOR || cp == ' ');
  }
}
