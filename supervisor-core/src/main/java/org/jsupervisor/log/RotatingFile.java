package org.jsupervisor.log;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An append-only log file rotated the way supervisord rotates its logs.
 *
 * <p>After every write, if the file position has reached {@code maxBytes}: close, shift
 * {@code x.{n-1}}→{@code x.n} … {@code x.1}→{@code x.2}, {@code x}→{@code x.1} (replacing existing
 * targets), and start a new empty {@code x}; with {@code backups <= 0} the file is just truncated.
 * A write is never split, so a file exceeds {@code maxBytes} by up to one write. This is not
 * logback's {@code SizeBasedTriggeringPolicy}, which checks the size <em>before</em> a write and
 * only every few writes, so its files end up at different sizes from supervisord's.
 *
 * <p>With {@code maxBytes <= 0} it is a plain append (O_APPEND, never a seek), which is what makes
 * {@code /dev/stdout}, pipes and other non-seekable files work. Thread-safe.
 */
public final class RotatingFile implements Closeable {
  private final Path path;
  private final long maxBytes;
  private final int backups;
  private FileOutputStream out;

  /** Opens {@code path} for appending, creating it if missing. */
  public RotatingFile(Path path, long maxBytes, int backups) throws IOException {
    this.path = path;
    this.maxBytes = maxBytes;
    this.backups = backups;
    this.out = new FileOutputStream(path.toFile(), true);
  }

  public Path path() {
    return path;
  }

  /** Writes all of {@code data}, then rotates if the file has reached {@code maxBytes}. */
  public synchronized void write(byte[] data) throws IOException {
    if (out == null) {
      throw new IOException("closed: " + path);
    }
    out.write(data);
    if (maxBytes > 0 && out.getChannel().position() >= maxBytes) {
      rotate();
    }
  }

  /**
   * Closes and opens the file again by name, so a file renamed or deleted by someone else (e.g.
   * logrotate) is replaced by a new one. Used for SIGUSR2.
   */
  public synchronized void reopen() throws IOException {
    closeQuietly();
    out = new FileOutputStream(path.toFile(), true);
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }

  private void rotate() throws IOException {
    closeQuietly();
    if (backups > 0) {
      for (int i = backups - 1; i > 0; i--) {
        Path from = backup(i);
        if (Files.exists(from)) {
          Files.move(from, backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      try {
        Files.move(path, backup(1), StandardCopyOption.REPLACE_EXISTING);
      } catch (NoSuchFileException e) {
        // Deleted under us since the write; the new empty file below is all we need.
      }
    }
    out = new FileOutputStream(path.toFile(), false); // as supervisord: reopen truncated ('wb')
  }

  private Path backup(int n) {
    return path.resolveSibling(path.getFileName() + "." + n);
  }

  private void closeQuietly() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        // Nothing useful to do: the data was handed to the kernel at write time.
      }
      out = null;
    }
  }
}
