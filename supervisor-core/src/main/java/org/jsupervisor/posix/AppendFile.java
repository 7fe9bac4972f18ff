package org.jsupervisor.posix;

import java.io.Closeable;
import java.io.IOException;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A file opened by name for appending ({@code O_APPEND}), on a raw descriptor. Raw rather than a
 * {@code FileChannel} because log files need what the JDK does not offer: {@code O_NONBLOCK} (so
 * that a FIFO without a reader or a full pipe behind {@code /dev/stdout} cannot hang the loop),
 * and {@code fstat} of the open descriptor (its size for rotation, and its link count to notice a
 * file deleted under us). Every descriptor is close-on-exec, as all of ours must be.
 *
 * <p>Not thread-safe; callers that share one serialize their calls.
 */
public final class AppendFile implements Closeable {
  /** The file as {@code statx} sees it now. */
  public record Stat(long size, long links, boolean regular) {}

  // struct statx, the same on every architecture (unlike struct stat, whose layout differs
  // between x86-64 and arm64). stx_nlink is a u32, stx_mode a u16, stx_size a u64.
  private static final int STX_NLINK = 16;
  private static final int STX_MODE = 28;
  private static final int STX_SIZE = 40;
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  /** The empty path that makes statx describe the descriptor itself (AT_EMPTY_PATH). */
  private static final Pointer EMPTY_PATH = Memory.allocateDirect(LibC.RUNTIME, 1, true);

  private final String path;
  private final boolean nonBlocking;
  /** Reused: stat() runs for every write to a log, so it must not allocate native memory. */
  private final Pointer statx = Memory.allocateDirect(LibC.RUNTIME, LibC.STATX_BYTES);
  private final int[] pollFd = new int[1];
  private final short[] pollEvents = {Poller.POLLOUT};
  private final short[] pollRevents = new short[1];
  private Poller poller;
  private int fd;

  private AppendFile(String path, int fd, boolean nonBlocking) {
    this.path = path;
    this.fd = fd;
    this.nonBlocking = nonBlocking;
  }

  /**
   * Opens {@code path} for appending, creating it with {@code mode} (less the umask) if missing.
   *
   * @param truncate empty the file first (a log rotated in place)
   * @param nonBlocking open with {@code O_NONBLOCK}: a FIFO without reader fails at once (ENXIO)
   *     instead of waiting for one, and writes to a full pipe wait only a bounded time
   * @throws IOException naming the call, the error and the path: {@code open: ENOENT (2) /x.log}
   */
  public static AppendFile open(String path, int mode, boolean truncate, boolean nonBlocking)
      throws IOException {
    int flags = LibC.O_WRONLY | LibC.O_CREAT | LibC.O_APPEND | LibC.O_CLOEXEC
        | (truncate ? LibC.O_TRUNC : 0) | (nonBlocking ? LibC.O_NONBLOCK : 0);
    while (true) {
      int fd = LibC.INSTANCE.open(path, flags, mode);
      if (fd >= 0) {
        return new AppendFile(path, fd, nonBlocking);
      }
      int errno = LibC.errno();
      if (errno != Errno.EINTR) {
        throw error("open", errno, path);
      }
    }
  }

  /**
   * Writes all of {@code buf[off..off+len)}. On a pipe opened non-blocking, waits at most
   * {@code maxWaitMillis} in total for room, then fails with EAGAIN: the bytes not written are
   * dropped, which is better than stalling every other child behind one slow reader.
   */
  public void write(byte[] buf, int off, int len, int maxWaitMillis) throws IOException {
    checkOpen();
    long deadline = System.nanoTime() + maxWaitMillis * 1_000_000L;
    while (len > 0) {
      int n;
      try {
        n = Fds.write(fd, buf, off, len);
      } catch (PosixException e) {
        throw error("write", e.errno(), path);
      }
      if (n >= 0) {
        off += n;
        len -= n;
        continue;
      }
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (!nonBlocking || left <= 0) {
        throw error("write", Errno.EAGAIN, path);
      }
      if (poller == null) {
        poller = new Poller();
      }
      pollFd[0] = fd;
      poller.poll(pollFd, pollEvents, pollRevents, 1, (int) left);
    }
  }

  /** {@code fstat} of the open descriptor, as {@code statx(fd, "", AT_EMPTY_PATH)}. */
  public Stat stat() throws IOException {
    checkOpen();
    while (true) {
      int rc = LibC.INSTANCE.statx(fd, EMPTY_PATH, LibC.AT_EMPTY_PATH, LibC.STATX_BASIC_STATS, statx);
      if (rc == 0) {
        break;
      }
      int errno = LibC.errno();
      if (errno != Errno.EINTR) {
        throw error("statx", errno, path);
      }
    }
    return new Stat(statx.getLong(STX_SIZE), Integer.toUnsignedLong(statx.getInt(STX_NLINK)),
        (statx.getShort(STX_MODE) & S_IFMT) == S_IFREG);
  }

  public String path() {
    return path;
  }

  /** Closes the descriptor; errors are ignored, the data was handed to the kernel at write time. */
  @Override
  public void close() {
    if (fd >= 0) {
      LibC.INSTANCE.close(fd);
      fd = -1;
    }
  }

  private void checkOpen() throws IOException {
    if (fd < 0) {
      throw new IOException("closed: " + path);
    }
  }

  private static IOException error(String call, int errno, String path) {
    String text = LibC.INSTANCE.strerror(errno);
    return new IOException(call + ": " + Errno.name(errno) + " (" + errno + ") " + path
        + (text == null ? "" : " (" + text + ")"));
  }
}
