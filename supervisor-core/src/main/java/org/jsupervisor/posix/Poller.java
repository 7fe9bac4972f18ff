package org.jsupervisor.posix;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * {@code poll(2)} over a set of fds, as Python's supervisord polls child pipes on Linux. One
 * instance per loop thread: it reuses a native {@code struct pollfd} array and is not thread-safe.
 */
public final class Poller {
  public static final short POLLIN = 0x001;
  public static final short POLLPRI = 0x002;
  public static final short POLLOUT = 0x004;
  public static final short POLLERR = 0x008;
  public static final short POLLHUP = 0x010;
  public static final short POLLNVAL = 0x020;

  /** struct pollfd { int fd; short events; short revents; } */
  private static final int POLLFD_BYTES = 8;

  private Pointer pollfds = Memory.allocateDirect(LibC.RUNTIME, 64 * POLLFD_BYTES);
  private int capacity = 64;

  /**
   * Waits until one of the first {@code count} fds is ready or {@code timeoutMillis} passes (-1 =
   * forever). Fills {@code revents[i]} for each fd and returns how many have events; 0 on timeout
   * or when a signal interrupted the wait (the loop then simply runs another iteration). A
   * negative fd is ignored by the kernel, which lets the caller keep slots stable.
   */
  public int poll(int[] fds, short[] events, short[] revents, int count, int timeoutMillis) {
    if (count > fds.length || count > events.length || count > revents.length) {
      throw new IllegalArgumentException("count > array length: " + count);
    }
    if (count > capacity) {
      capacity = Math.max(count, capacity * 2);
      pollfds = Memory.allocateDirect(LibC.RUNTIME, (long) capacity * POLLFD_BYTES);
    }
    for (int i = 0; i < count; i++) {
      long at = (long) i * POLLFD_BYTES;
      pollfds.putInt(at, fds[i]);
      pollfds.putShort(at + 4, events[i]);
      pollfds.putShort(at + 6, (short) 0);
    }
    int ready = LibC.INSTANCE.poll(pollfds, count, timeoutMillis);
    if (ready < 0) {
      int errno = LibC.errno();
      if (errno == Errno.EINTR) {
        java.util.Arrays.fill(revents, 0, count, (short) 0);
        return 0;
      }
      throw new PosixException("poll", errno);
    }
    for (int i = 0; i < count; i++) {
      revents[i] = pollfds.getShort((long) i * POLLFD_BYTES + 6);
    }
    return ready;
  }
}
