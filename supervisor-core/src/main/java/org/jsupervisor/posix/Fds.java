package org.jsupervisor.posix;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Pipes and non-blocking reads and writes on raw file descriptors, for the event loop.
 *
 * <p>Convention for {@link #read} and {@link #write}: the byte count, 0 at end of file (read
 * only), -1 when the call would block; any other failure throws {@link PosixException}. EINTR is
 * retried.
 */
public final class Fds {
  /** Largest transfer per call; supervisord reads child output in chunks of 131072 bytes. */
  static final int MAX_CHUNK = 131072;

  /**
   * Native staging buffer per thread. jnr-ffi's own copying of Java arrays ignores the offset and
   * overwrites the whole array, so reads and writes go through native memory and are copied here.
   */
  private static final ThreadLocal<Pointer> SCRATCH =
      ThreadLocal.withInitial(() -> Memory.allocateDirect(LibC.RUNTIME, MAX_CHUNK));

  private Fds() {}

  /** Both ends of a pipe. */
  public record Pipe(int readFd, int writeFd) {}

  /** A pipe whose ends are both close-on-exec and non-blocking, as the loop wants its own pipes. */
  public static Pipe pipe() {
    return pipe2(LibC.O_CLOEXEC | LibC.O_NONBLOCK);
  }

  /**
   * A pipe with the given {@code pipe2} flags. Close-on-exec must always be among them: another
   * thread may spawn at any moment, and a leaked write end keeps a reader from ever seeing EOF.
   */
  static Pipe pipe2(int flags) {
    int[] fds = new int[2];
    if (LibC.INSTANCE.pipe2(fds, flags) != 0) {
      throw new PosixException("pipe2", LibC.errno());
    }
    return new Pipe(fds[0], fds[1]);
  }

  /** Sets O_NONBLOCK on one fd (the daemon's end of a child's pipe). */
  private static final int F_SETPIPE_SZ = 1031;

  /**
   * Asks the kernel for a pipe buffer of {@code bytes}; false when refused (above
   * {@code /proc/sys/fs/pipe-max-size}, or the user's pipe page budget is spent).
   */
  public static boolean setPipeSize(int fd, int bytes) {
    return LibC.INSTANCE.fcntl(fd, F_SETPIPE_SZ, bytes) >= 0;
  }

  static void setNonBlocking(int fd) {
    int flags = LibC.INSTANCE.fcntl(fd, LibC.F_GETFL, 0);
    if (flags < 0) {
      throw new PosixException("fcntl(F_GETFL)", LibC.errno());
    }
    if (LibC.INSTANCE.fcntl(fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK) < 0) {
      throw new PosixException("fcntl(F_SETFL)", LibC.errno());
    }
  }

  /**
   * Reads up to {@code len} bytes (at most {@link #MAX_CHUNK}) into {@code buf[off..]}: count, 0 at
   * EOF, -1 if it would block.
   */
  public static int read(int fd, byte[] buf, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, buf.length);
    Pointer scratch = SCRATCH.get();
    int count = Math.min(len, MAX_CHUNK);
    while (true) {
      long n = LibC.INSTANCE.read(fd, scratch, count);
      if (n >= 0) {
        scratch.get(0, buf, off, (int) n);
        return (int) n;
      }
      int errno = LibC.errno();
      if (errno == Errno.EAGAIN) {
        return -1;
      }
      if (errno != Errno.EINTR) {
        throw new PosixException("read", errno);
      }
    }
  }

  /**
   * Writes up to {@code len} bytes (at most {@link #MAX_CHUNK}) from {@code buf[off..]}: count
   * written (possibly short), -1 if
   * the pipe is full. A reader that went away gives {@code PosixException} with EPIPE (the JVM
   * does not let SIGPIPE kill the process).
   */
  public static int write(int fd, byte[] buf, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, buf.length);
    Pointer scratch = SCRATCH.get();
    int count = Math.min(len, MAX_CHUNK);
    scratch.put(0, buf, off, count);
    while (true) {
      long n = LibC.INSTANCE.write(fd, scratch, count);
      if (n >= 0) {
        return (int) n;
      }
      int errno = LibC.errno();
      if (errno == Errno.EAGAIN) {
        return -1;
      }
      if (errno != Errno.EINTR) {
        throw new PosixException("write", errno);
      }
    }
  }

  /**
   * Closes {@code fd}. EINTR is not retried: on Linux the fd is released even then, and a retry
   * could close an fd another thread just opened.
   */
  public static void close(int fd) {
    if (LibC.INSTANCE.close(fd) != 0) {
      int errno = LibC.errno();
      if (errno != Errno.EINTR) {
        throw new PosixException("close", errno);
      }
    }
  }

  /** Closes every fd that is not negative, ignoring errors: cleanup on a path that already failed. */
  static void closeQuietly(int... fds) {
    for (int fd : fds) {
      if (fd >= 0) {
        LibC.INSTANCE.close(fd);
      }
    }
  }
}
