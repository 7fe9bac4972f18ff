package org.jsupervisor.posix;

import java.util.Locale;

/**
 * Changes that affect only the calling thread, so that a child spawned from it inherits them while
 * the rest of the daemon keeps its own umask and root credentials.
 *
 * <p>glibc's {@code setuid}/{@code setgid}/{@code setgroups} wrappers broadcast the change to every
 * thread of the process (POSIX requires it); the raw system calls do not, because on Linux
 * credentials are per task. Likewise umask and cwd live in the task's fs_struct, which
 * {@code unshare(CLONE_FS)} makes private to the thread. A thread that dropped root cannot get it
 * back, so callers use a fresh thread for every such spawn.
 */
final class ThreadCredentials {
  private ThreadCredentials() {}

  /** System call numbers for the two architectures we support. */
  record Numbers(long setgroups, long setresuid, long setresgid) {}

  private static final Numbers NUMBERS = numbersFor(System.getProperty("os.arch"));

  static Numbers numbersFor(String arch) {
    switch (arch.toLowerCase(Locale.ROOT)) {
      case "amd64":
      case "x86_64":
        return new Numbers(116, 117, 119);
      case "aarch64":
      case "arm64":
        // asm-generic numbering
        return new Numbers(159, 147, 149);
      default:
        return null; // unsupported: dropUser fails with a clear message
    }
  }

  /** Gives this thread its own umask and cwd, so setting them does not touch the daemon's. */
  static void unshareFs() {
    if (LibC.INSTANCE.unshare(LibC.CLONE_FS) != 0) {
      throw new PosixException("unshare(CLONE_FS)", LibC.errno());
    }
  }

  /** Sets the umask; only after {@link #unshareFs()}, or it would change the whole daemon's. */
  static void umask(int mask) {
    LibC.INSTANCE.umask(mask); // cannot fail
  }

  /**
   * Makes this thread {@code uid}/{@code gid} (real, effective, saved) with {@code groups} as its
   * supplementary groups, in supervisord's order: groups, gid, uid (after setuid the thread could
   * no longer change the others).
   */
  static void become(int uid, int gid, int[] groups) {
    if (NUMBERS == null) {
      throw new UnsupportedOperationException(
          "switching user is not supported on " + System.getProperty("os.arch"));
    }
    if (LibC.INSTANCE.syscall(NUMBERS.setgroups(), groups.length, groups) != 0) {
      throw new PosixException("setgroups", LibC.errno());
    }
    if (LibC.INSTANCE.syscall(NUMBERS.setresgid(), gid, gid, gid) != 0) {
      throw new PosixException("setresgid", LibC.errno());
    }
    if (LibC.INSTANCE.syscall(NUMBERS.setresuid(), uid, uid, uid) != 0) {
      throw new PosixException("setresuid", LibC.errno());
    }
  }
}
