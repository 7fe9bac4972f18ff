package org.jsupervisor.ctl.command;

/** Python's {@code int(text)}, which supervisorctl applies to tail and maintail byte counts. */
final class PyInt {
  private PyInt() {}

  /** Optional sign, digits, surrounding whitespace and underscores between digits; null if invalid. */
  static Integer parse(String text) {
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
