package org.jsupervisor.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child stream's log file: raw bytes appended with {@code O_APPEND} (so an external
 * {@code copytruncate} works), rotated as supervisord rotates: after a write that leaves the file
 * at or past {@code maxBytes}, {@code x.log.N-1 → x.log.N … x.log → x.log.1}, then a fresh
 * {@code x.log}. A write is never split, so a file may exceed maxBytes by one chunk.
 *
 * <p>An I/O error is logged once and the bytes are dropped: a child must never block because its
 * log cannot be written. The next write tries to reopen the file.
 */
public final class ChildLogFile implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("supervisord");

  private final Path path;
  private final long maxBytes;
  private final int backups;
  private FileChannel channel;
  private boolean failing;

  public ChildLogFile(Path path, long maxBytes, int backups) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.backups = backups;
  }

  public Path path() {
    return path;
  }

  public void write(byte[] bytes, int off, int len) {
    try {
      if (channel == null) {
        channel = open();
      }
      var buf = ByteBuffer.wrap(bytes, off, len);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      failing = false;
      if (maxBytes > 0 && channel.size() >= maxBytes) {
        rotate();
      }
    } catch (IOException e) {
      if (!failing) {
        log.error("could not write child log {}: {}", path, e.toString());
        failing = true;
      }
      closeQuietly();
    }
  }

  private FileChannel open() throws IOException {
    return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
  }

  private void rotate() throws IOException {
    if (backups <= 0) {
      channel.truncate(0);
      return;
    }
    closeQuietly();
    for (int i = backups - 1; i >= 1; i--) {
      Path from = backup(i);
      if (Files.exists(from)) {
        Files.move(from, backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(path, backup(1), StandardCopyOption.REPLACE_EXISTING);
    channel = open();
  }

  private Path backup(int n) {
    return path.resolveSibling(path.getFileName() + "." + n);
  }

  /** Closes the file; the next write opens it again (after an external rename, a new file). */
  public void reopen() {
    closeQuietly();
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing was lost that a failing close could save.
      }
      channel = null;
    }
  }
}
