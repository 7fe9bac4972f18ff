package org.jsupervisor.ctl.command;

/** Python conversions the commands' messages depend on. */
final class PyRepr {
  private PyRepr() {}

  /** {@code repr(str)} for ordinary text: single quotes unless the text holds one and no double quote. */
  static String str(String s) {
    boolean useDouble = s.contains("'") && !s.contains("\"");
    char quote = useDouble ? '"' : '\'';
    var sb = new StringBuilder().append(quote);
    for (char c : s.toCharArray()) {
      if (c == '\\' || c == quote) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append(quote).toString();
  }

  /** Python's {@code int(text)}: optional sign, digits, surrounding whitespace and underscores between digits; null if invalid. */
  static Integer parseInt(String text) {
    String t = text.strip();
    if (!t.matches("[+-]?[0-9](_?[0-9])*")) {
      return null;
    }
    try {
      return Integer.parseInt(t.replace("_", ""));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
