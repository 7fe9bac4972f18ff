package org.jsupervisor.log;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AnsiEscapesTest {
  private static String strip(String s) {
    byte[] b = ("__" + s).getBytes(ISO_8859_1);
    int n = AnsiEscapes.strip(b, 2, b.length - 2);
    return new String(b, 2, n, ISO_8859_1);
  }

  @Test
  void removesColourAndCursorEscapes() {
    assertEquals("red plain", strip("\u001b[31mred\u001b[0m plain"));
    assertEquals("ab", strip("a\u001b[2Jb"));
    assertEquals("xy", strip("x\u001b[10;20Hy"));
    assertEquals("bold", strip("\u001b[1;32;40mbold"));
  }

  @Test
  void stopsAtTheFirstTerminatorLikeSupervisord() {
    // 'x' is not a terminator: everything up to the 'm' goes.
    assertEquals("!", strip("\u001b[?25x7m!"));
  }

  @Test
  void anUnterminatedEscapeSwallowsTheRestOfTheChunk() {
    assertEquals("keep ", strip("keep \u001b[31;1 now gone"));
  }

  @Test
  void leavesOtherBytesAlone() {
    assertEquals("plain\n", strip("plain\n"));
    assertEquals("esc\u001bXonly", strip("esc\u001bXonly"));
    assertEquals("trailing\u001b", strip("trailing\u001b"));
    assertEquals("caf\u00e9", strip("caf\u00e9"));
  }
}
