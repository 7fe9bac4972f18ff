package org.jsupervisor.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jsupervisor.posix.AppendFile;

/**
 * An append-only log file rotated the way supervisord rotates its logs; the one implementation
 * behind both the main log and every child log.
 *
 * <p>After every write, if the file has reached {@code maxBytes}: close, shift
 * {@code x.{n-1}}→{@code x.n} … {@code x.1}→{@code x.2}, {@code x}→{@code x.1} (replacing existing
 * targets), and start a new empty {@code x}; with {@code backups <= 0} the file is just truncated.
 * A write is never split, so a file exceeds {@code maxBytes} by up to one write. This is not
 * logback's {@code SizeBasedTriggeringPolicy}, which checks the size <em>before</em> a write and
 * only every few writes, so its files end up at different sizes from supervisord's.
 *
 * <p>The file is opened {@code O_APPEND}: after an external {@code copytruncate} the next write
 * lands at offset 0 instead of leaving a hole of NULs. The size is taken from {@code fstat}, never
 * from a seek, and only regular files rotate, so {@code /dev/stdout}, pipes and character devices
 * work with any {@code maxBytes}. A file deleted under us (its link count dropped to 0) is
 * reopened by name before the next write, rather than written into the void as supervisord does.
 *
 * <p>A failed write or open leaves the file closed and throws; the next write opens it again, so a
 * caller retries simply by writing. Thread-safe: the main log is written from any thread.
 */
public final class RotatingFile implements Closeable {
  /** How long a write may wait for a full pipe, in the non-blocking mode of child logs. */
  static final int PIPE_WAIT_MILLIS = 100;

  private final Path path;
  private final long maxBytes;
  private final int backups;
  private final boolean nonBlocking;
  private final int mode;
  private AppendFile file;
  private boolean regular;

  /** Opens {@code path} for appending now, creating it if missing; writes may block (main log). */
  public RotatingFile(Path path, long maxBytes, int backups) throws IOException {
    this(path, maxBytes, backups, false, 0666);
    open(false);
  }

  private RotatingFile(Path path, long maxBytes, int backups, boolean nonBlocking, int mode) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.backups = backups;
    this.nonBlocking = nonBlocking;
    this.mode = mode;
  }

  /**
   * A child log: opened at spawn ({@link #ensureOpen}) or on the next write, not here, so that a
   * program that never runs gets no file, as with supervisord; non-blocking, created mode 0666
   * less the umask as supervisord does.
   */
  public static RotatingFile forChild(Path path, long maxBytes, int backups) {
    return new RotatingFile(path, maxBytes, backups, true, 0666);
  }

  public Path path() {
    return path;
  }

  public long maxBytes() {
    return maxBytes;
  }

  public int backups() {
    return backups;
  }

  /** Writes all of {@code data}, then rotates if the file has reached {@code maxBytes}. */
  public void write(byte[] data) throws IOException {
    write(data, 0, data.length);
  }

  /** Writes {@code data[off..off+len)} whole, then rotates if the file has reached maxBytes. */
  public synchronized void write(byte[] data, int off, int len) throws IOException {
    try {
      openIfNeeded();
      file.write(data, off, len, nonBlocking ? PIPE_WAIT_MILLIS : Integer.MAX_VALUE);
      if (maxBytes > 0 && regular && file.stat().size() >= maxBytes) {
        rotate();
      }
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  /**
   * Opens the file, creating it, unless it is open already and still has a name: a file deleted
   * while open is replaced by a new one of that name. A failure leaves it closed and throws.
   */
  public synchronized void ensureOpen() throws IOException {
    try {
      openIfNeeded();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void openIfNeeded() throws IOException {
    if (file == null) {
      open(false);
    } else if (regular && file.stat().links() == 0) {
      close(); // deleted (or its directory removed): use a new file of that name
      open(false);
    }
  }

  /**
   * Closes and opens the file again by name, so a file renamed or deleted by someone else (e.g.
   * logrotate) is replaced by a new one. Used for SIGUSR2.
   */
  public synchronized void reopen() throws IOException {
    close();
    open(false);
  }

  /** Whether the file is open now; false after a failure until a write succeeds. */
  public synchronized boolean isOpen() {
    return file != null;
  }

  @Override
  public synchronized void close() {
    if (file != null) {
      file.close();
      file = null;
    }
  }

  private void open(boolean truncate) throws IOException {
    file = AppendFile.open(path.toString(), mode, truncate, nonBlocking);
    try {
      regular = file.stat().regular();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void rotate() throws IOException {
    close();
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
    open(true); // as supervisord: reopen truncated ('wb')
  }

  private Path backup(int n) {
    return path.resolveSibling(path.getFileName() + "." + n);
  }
}
