package org.jsupervisor.events;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Child output as supervisord puts it into an event payload. */
final class PyText {
  private PyText() {}

  /**
   * The bytes decoded as UTF-8, or, when they are not valid UTF-8, {@code Undecodable: b'...'}
   * with Python's repr of the bytes (supervisord's {@code 'Undecodable: %r' % data}).
   */
  static String decode(byte[] data) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data)).toString();
    } catch (CharacterCodingException e) {
      return "Undecodable: " + bytesRepr(data);
    }
  }

  /** Python 3's {@code repr(bytes)}. */
  static String bytesRepr(byte[] data) {
    boolean single = false;
    boolean dbl = false;
    for (byte b : data) {
      single |= b == '\'';
      dbl |= b == '"';
    }
    char quote = single && !dbl ? '"' : '\'';
    var out = new StringBuilder(data.length + 3).append('b').append(quote);
    for (byte value : data) {
      int b = value & 0xff;
      if (b == quote || b == '\\') {
        out.append('\\').append((char) b);
      } else if (b == '\t') {
        out.append("\\t");
      } else if (b == '\n') {
        out.append("\\n");
      } else if (b == '\r') {
        out.append("\\r");
      } else if (b < 0x20 || b >= 0x7f) {
        out.append(String.format("\\x%02x", b));
      } else {
        out.append((char) b);
      }
    }
    return out.append(quote).toString();
  }
}
