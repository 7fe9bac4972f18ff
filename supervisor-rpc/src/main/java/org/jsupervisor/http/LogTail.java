package org.jsupervisor.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@code tail -f} of one log file for {@code /logtail} and {@code /mainlogtail}: first the last
 * 1024 bytes, then whatever is appended. A new inode (rotation) is followed from its start; a
 * file that shrank gets {@code ==> File truncated <==}. Polled from the server's ticker thread.
 */
final class LogTail implements HttpResponse.ChunkSource {
  private static final int INITIAL = 1024;
  private static final int MAX_CHUNK = 64 * 1024;
  private static final byte[] TRUNCATED = "==> File truncated <==\n".getBytes(StandardCharsets.UTF_8);

  private final Path path;
  private FileChannel channel;
  private Object fileKey;
  private long position;

  LogTail(Path path) throws IOException {
    this.path = path;
    open();
    position = Math.max(0, channel.size() - INITIAL);
  }

  private void open() throws IOException {
    channel = FileChannel.open(path, StandardOpenOption.READ);
    fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    position = 0;
  }

  @Override
  public synchronized byte[] poll() {
    try {
      Object key = currentKey();
      if (key != null && !Objects.equals(key, fileKey)) {
        channel.close();
        open(); // rotated: the new file from its start
      }
      long size = channel.size();
      if (size < position) {
        position = size;
        return TRUNCATED;
      }
      if (size == position) {
        return new byte[0];
      }
      var buf = ByteBuffer.allocate((int) Math.min(MAX_CHUNK, size - position));
      int n = channel.read(buf, position);
      if (n <= 0) {
        return new byte[0];
      }
      position += n;
      return Arrays.copyOf(buf.array(), n);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private Object currentKey() {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null; // between a rotation's rename and the new file: keep the old one
    }
  }

  @Override
  public synchronized void close() {
    HttpServer.closeQuietly(channel);
  }
}
