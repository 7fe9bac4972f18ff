package org.jsupervisor.events;

import java.nio.charset.StandardCharsets;

/** The bytes supervisord writes to a listener's stdin for one event: header line and payload. */
public final class Envelope {
  private Envelope() {}

  /**
   * {@code ver:3.0 server:<id> serial:<n> pool:<pool> poolserial:<n> eventname:<NAME> len:<n>\n}
   * then the payload as UTF-8 with no terminator. {@code len} is Python's {@code len()} of the
   * payload string, i.e. code points, not bytes: supervisord computes it before encoding, and
   * listeners written for it (childutils reads {@code len} characters) depend on that.
   */
  public static byte[] encode(String identifier, long serial, String pool, long poolSerial,
      Event event) {
    String payload = event.payload();
    String frame = "ver:3.0 server:" + identifier + " serial:" + serial + " pool:" + pool
        + " poolserial:" + poolSerial + " eventname:" + event.type().name() + " len:"
        + payload.codePointCount(0, payload.length()) + "\n" + payload;
    return frame.getBytes(StandardCharsets.UTF_8);
  }
}
