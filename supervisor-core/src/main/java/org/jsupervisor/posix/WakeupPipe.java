package org.jsupervisor.posix;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The self-pipe that wakes the event loop out of {@link Poller#poll}: signal handlers, RPC threads
 * and timers call {@link #wake()}; the loop polls {@link #readFd()} for POLLIN and then calls
 * {@link #drain()}. Both ends are non-blocking and close-on-exec, so children never inherit them.
 */
public final class WakeupPipe implements AutoCloseable {
  /** The byte wake() writes, in native memory so signal threads need no staging buffer. */
  private final Pointer oneByte = Memory.allocateDirect(LibC.RUNTIME, 1, true);

  private final Fds.Pipe pipe = Fds.pipe();
  private final byte[] sink = new byte[256];
  private boolean closed;

  /** The fd to poll for POLLIN. */
  public int readFd() {
    return pipe.readFd();
  }

  /**
   * Safe from any thread, including a signal-handler thread. A full pipe means the loop already
   * has a wake-up pending, so EAGAIN is not an error. After {@link #close()} it does nothing.
   *
   * <p>Synchronized with close because a signal-handler thread may still be running after the
   * handler was removed: writing to a closed fd number could hit whatever file reuses it. The
   * lock is held only for one non-blocking write.
   */
  public synchronized void wake() {
    if (closed) {
      return;
    }
    while (LibC.INSTANCE.write(pipe.writeFd(), oneByte, 1) < 0) {
      int errno = LibC.errno();
      if (errno == Errno.EAGAIN) {
        return;
      }
      if (errno != Errno.EINTR) {
        throw new PosixException("write", errno);
      }
    }
  }

  /** Loop thread only: empties the pipe so the next poll blocks again. */
  public void drain() {
    while (Fds.read(pipe.readFd(), sink, 0, sink.length) > 0) {
      // keep reading until EAGAIN (-1)
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Fds.closeQuietly(pipe.readFd(), pipe.writeFd());
  }
}
