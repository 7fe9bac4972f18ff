package org.jsupervisor.posix;

/**
 * A native call failed in a way the caller did not expect. The message names the call and the
 * error: {@code read: EBADF (9)}.
 */
public final class PosixException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String call;
  private final int errno;

  public PosixException(String call, int errno) {
    super(call + ": " + Errno.name(errno) + " (" + errno + ")");
    this.call = call;
    this.errno = errno;
  }

  /** The libc function that failed, e.g. {@code poll}. */
  public String call() {
    return call;
  }

  public int errno() {
    return errno;
  }
}
