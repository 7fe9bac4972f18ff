package org.jsupervisor.posix;

/**
 * Linux error numbers we act on (identical on x86-64 and arm64) and their symbolic names, which
 * supervisord prints via Python's {@code errno.errorcode} ({@code ENOENT}).
 */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EINTR = 4;
  public static final int ECHILD = 10;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EACCES = 13;
  public static final int ENOTDIR = 20;
  public static final int EINVAL = 22;
  public static final int EMFILE = 24;
  public static final int EPIPE = 32;
  public static final int ERANGE = 34;

  private Errno() {}

  /** {@code ENOENT} for 2; the number itself when Linux has no name for it (as Python prints it). */
  public static String name(int errno) {
    jnr.constants.platform.Errno e = jnr.constants.platform.Errno.valueOf(errno);
    return e == null || e == jnr.constants.platform.Errno.__UNKNOWN_CONSTANT__
        ? Integer.toString(errno)
        : e.name();
  }
}
