package org.jsupervisor.process;

/**
 * Python's {@code repr()} of a string, which supervisord uses in log lines such as
 * {@code spawned: 'web' with pid 42}; operators and their tools grep for that exact form.
 */
public final class PyRepr {
  private PyRepr() {}

  public static String of(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    var sb = new StringBuilder(s.length() + 2).append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c == quote) {
            sb.append('\\').append(c);
          } else if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append(quote).toString();
  }
}
