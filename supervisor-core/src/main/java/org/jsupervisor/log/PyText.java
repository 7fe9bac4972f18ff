package org.jsupervisor.log;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jsupervisor.config.PyRepr;

/**
 * Child output as supervisord turns it into text: for the copy in the main log at DEBG, for event
 * payloads, and for an event listener's bad result line.
 */
public final class PyText {
  private PyText() {}

  /** {@link #decode(byte[], int, int)} of all of {@code data}. */
  public static String decode(byte[] data) {
    return decode(data, 0, data.length);
  }

  /**
   * The bytes decoded as UTF-8, or, when any of them is not valid UTF-8, {@code Undecodable: }
   * followed by Python's repr of all of them (supervisord's {@code 'Undecodable: %r' % data}): a
   * chunk is shown whole either way, never partly decoded.
   */
  public static String decode(byte[] data, int off, int len) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data, off, len)).toString();
    } catch (CharacterCodingException e) {
      return "Undecodable: " + PyRepr.ofBytes(data, off, len);
    }
  }
}
