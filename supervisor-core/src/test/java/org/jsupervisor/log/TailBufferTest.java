package org.jsupervisor.log;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TailBufferTest {
  private static void write(TailBuffer t, String s) {
    byte[] b = ("#" + s + "#").getBytes(US_ASCII);
    t.write(b, 1, b.length - 2); // an offset and length, as the loop's read buffer gives them
  }

  private static String str(byte[] b) {
    return new String(b, US_ASCII);
  }

  @Test
  void keepsTheLastCapacityBytesAcrossWrapsAndCountsEverything() {
    var t = new TailBuffer(10);
    write(t, "0123456");
    write(t, "789ab");
    assertEquals(12, t.written());
    assertEquals(10, t.size());
    assertEquals("23456789ab", str(t.tail(100)));
    assertEquals("9ab", str(t.tail(3)));
    assertEquals("", str(t.tail(0)));
  }

  @Test
  void aWriteLargerThanTheCapacityKeepsItsEnd() {
    var t = new TailBuffer(4);
    write(t, "xy");
    write(t, "abcdefgh");
    assertEquals("efgh", str(t.tail(10)));
    assertEquals(10, t.written());
    write(t, "ij");
    assertEquals("ghij", str(t.tail(4)));
  }

  @Test
  void readFromFollowsAStreamAndSkipsWhatWasOverwritten() {
    var t = new TailBuffer(8);
    write(t, "hello ");
    assertEquals("hello ", str(t.readFrom(0, 100)));
    assertEquals("ell", str(t.readFrom(1, 3)));
    assertEquals("", str(t.readFrom(6, 100)));
    write(t, "world!");
    assertEquals("world!", str(t.readFrom(6, 100)));
    assertEquals(4, t.oldest());
    assertEquals("o world!", str(t.readFrom(0, 100)), "fell behind: gets the oldest held");
  }

  @Test
  void growsByDoublingWithoutLosingBytes() {
    var t = new TailBuffer(1 << 20);
    var expected = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      String s = i + ",";
      write(t, s);
      expected.append(s);
    }
    assertEquals(expected.length(), t.written());
    assertEquals(expected.toString(), str(t.tail(Integer.MAX_VALUE)));
  }

  @Test
  void clearForgetsBytesButKeepsCounting() {
    var t = new TailBuffer(8);
    write(t, "abc");
    t.clear();
    assertEquals(0, t.size());
    write(t, "de");
    assertEquals("de", str(t.tail(8)));
    assertEquals(5, t.written());
    assertEquals("de", str(t.readFrom(0, 8)));
  }

  @Test
  void capacityFollowsTheLogLimit() {
    assertEquals(200, TailBuffer.forLimit(200).capacity());
    assertEquals(TailBuffer.MAX_CAPACITY, TailBuffer.forLimit(50L << 20).capacity());
    assertEquals(TailBuffer.DEFAULT_CAPACITY, TailBuffer.forLimit(0).capacity());
  }
}
