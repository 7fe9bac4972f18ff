package org.jsupervisor.log;

/**
 * supervisord's {@code strip_ansi}: removes each {@code ESC [} and everything after it up to and
 * including the first of {@code H f A B C D R s u J K h l p m}. Like supervisord's
 * {@code stripEscapes} it works on one read at a time: an escape left open at the end of a chunk
 * swallows the rest of that chunk, and nothing carries over to the next one.
 */
public final class AnsiEscapes {
  private static final byte ESC = 0x1b;

  private AnsiEscapes() {}

  /** Strips {@code data[off..off+len)} in place (it only shrinks); returns the new length. */
  public static int strip(byte[] data, int off, int len) {
    int end = off + len;
    int w = off;
    boolean show = true;
    for (int i = off; i < end; i++) {
      byte c = data[i];
      if (!show) {
        show = isTerminator(c);
      } else if (c == ESC && i + 1 < end && data[i + 1] == '[') {
        show = false;
        i++; // the '[' is part of the escape, and is no terminator
      } else {
        data[w++] = c;
      }
    }
    return w - off;
  }

  private static boolean isTerminator(byte c) {
    return switch (c) {
      case 'H', 'f', 'A', 'B', 'C', 'D', 'R', 's', 'u', 'J', 'K', 'h', 'l', 'p', 'm' -> true;
      default -> false;
    };
  }
}
