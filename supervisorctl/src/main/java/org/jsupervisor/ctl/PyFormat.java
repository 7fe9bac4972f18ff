package org.jsupervisor.ctl;

/** The bits of Python's {@code %} formatting that supervisorctl's columns rely on. */
final class PyFormat {
  private PyFormat() {}

  /** {@code '%-Ns' % s}: left-justified, padded to {@code width} code points, never truncated. */
  static String left(String s, int width) {
    int length = s.codePointCount(0, s.length());
    if (length >= width) {
      return s;
    }
    return s + " ".repeat(width - length);
  }

  /** {@code len(s)} of a Python str. */
  static int len(String s) {
    return s.codePointCount(0, s.length());
  }
}
