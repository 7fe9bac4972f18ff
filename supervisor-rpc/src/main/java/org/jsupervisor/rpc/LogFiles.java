package org.jsupervisor.rpc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** supervisord's {@code readFile} and {@code tailFile} semantics over log files. */
public final class LogFiles {
  /** The most one call returns; supervisorctl asks for kilobytes, this only bounds memory. */
  public static final int MAX_READ = 16 * 1024 * 1024;

  private LogFiles() {}

  /**
   * (offset ≥ 0, length 0) reads to EOF; (offset ≥ 0, length > 0) up to length bytes; (offset
   * &lt; 0, length 0) the last |offset| bytes. Anything else is BAD_ARGUMENTS; I/O errors FAILED.
   */
  public static String read(Path file, long offset, long length) {
    if (offset < 0 ? length != 0 : length < 0) {
      throw new Fault(FaultCode.BAD_ARGUMENTS);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long pos;
      long count;
      if (offset < 0) {
        pos = Math.max(0, size + offset);
        count = size - pos;
      } else {
        pos = offset;
        count = length == 0 ? size - pos : Math.min(length, size - pos);
      }
      return decode(readAt(ch, pos, count));
    } catch (IOException e) {
      throw new Fault(FaultCode.FAILED);
    }
  }

  /**
   * {@code [data, newoffset, overflow]}: the last {@code length} bytes whenever the file grew
   * past {@code offset}, possibly repeating bytes the caller has; newoffset is the file size.
   */
  public static List<Object> tail(Path file, long offset, long length) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long sz = ch.size();
      boolean overflow = false;
      if (sz > offset + length) {
        overflow = true;
        offset = sz - 1;
      }
      if (offset + length > sz) {
        if (offset > sz - 1) {
          length = 0;
        }
        offset = sz - length;
      }
      offset = Math.max(0, offset);
      length = Math.max(0, length);
      String data = length == 0 ? "" : decode(readAt(ch, offset, length));
      return List.of(data, (int) Math.min(Integer.MAX_VALUE, sz), overflow);
    } catch (NoSuchFileException e) {
      return List.of("", 0, false);
    } catch (IOException e) {
      return List.of("", (int) Math.min(Integer.MAX_VALUE, Math.max(0, offset)), false);
    }
  }

  /**
   * At most {@code count} bytes from {@code pos}: the buffer is sized by what the file holds
   * there, never by what was asked, so a huge length on a small file costs nothing.
   */
  private static byte[] readAt(FileChannel ch, long pos, long count) throws IOException {
    long available = ch.size() - pos;
    if (count <= 0 || available <= 0) {
      return new byte[0];
    }
    var buf = ByteBuffer.allocate((int) Math.min(Math.min(count, available), MAX_READ));
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) {
        break;
      }
    }
    return java.util.Arrays.copyOf(buf.array(), buf.position());
  }

  /**
   * Log bytes as text. A read may cut a multi-byte character; those bytes become U+FFFD rather
   * than failing the call.
   */
  static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder cannot fail", e);
    }
  }
}
