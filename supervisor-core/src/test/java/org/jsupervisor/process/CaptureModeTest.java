package org.jsupervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** supervisord's record_output, quirks included. */
class CaptureModeTest {
  private final List<String> logged = new ArrayList<>();
  private final List<String> communications = new ArrayList<>();

  private CaptureMode capture(long max) {
    return new CaptureMode(max, new CaptureMode.Sink() {
      @Override
      public void output(byte[] data, int off, int len, boolean captured) {
        logged.add((captured ? "C:" : "L:") + new String(data, off, len, StandardCharsets.UTF_8));
      }

      @Override
      public void communication(byte[] captured) {
        communications.add(new String(captured, StandardCharsets.UTF_8));
      }
    });
  }

  private static void feed(CaptureMode c, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    c.feed(b, 0, b.length);
  }

  @Test void shortReadsAreHeldBackUntilMoreArrives() {
    var c = capture(100);
    feed(c, "plain line 1\n");
    assertEquals(List.of(), logged);
    feed(c, "plain line 2 is longer\n");
    assertEquals(List.of("L:plain line 1\nplain line 2 is longer\n"), logged);
  }

  @Test void tokensSplitAcrossReadsAreFound() {
    var c = capture(100);
    feed(c, "before <!--XSUPERVI");
    feed(c, "SOR:BEGIN-->secret<!--XSUPERVISOR:");
    feed(c, "END-->after and more text, long enough\n");
    assertEquals(List.of("secret"), communications);
    assertEquals(List.of("L:before ", "C:secret", "L:after and more text, long enough\n"), logged);
  }

  @Test void overflowDropsFromTheFrontAsBoundIo() {
    var c = capture(10);
    feed(c, "<!--XSUPERVISOR:BEGIN-->0123456789ABCDEFGHIJKLMNOPQRST");
    feed(c, "abcde<!--XSUPERVISOR:END-->x");
    // BoundIO drops len(new) bytes from the front, so a single big write is kept whole
    assertEquals(List.of("56789ABCDEFGHIJKLMNOPQRSTabcde"), communications);
  }
}
