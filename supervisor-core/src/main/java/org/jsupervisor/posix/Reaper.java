package org.jsupervisor.posix;

import java.util.Optional;

/**
 * Collects exited children with {@code waitpid(-1, WNOHANG)}, as supervisord does once per loop
 * iteration. This must be the only reaper in the process: a {@code java.lang.Process} would make
 * the JDK reap its own children and race this one (see the ProcessBuilder guard test).
 */
public final class Reaper {
  /** One exited child: its pid and the raw status word for {@code ExitStatus.decode}. */
  public record Reaped(int pid, int waitStatus) {}

  private final int[] status = new int[1];

  /**
   * Reaps one exited child, if any. Empty when children exist but none has exited, or when there
   * are no children at all (ECHILD). Call repeatedly until empty. Loop thread only.
   */
  public Optional<Reaped> reapOne() {
    while (true) {
      int pid = LibC.INSTANCE.waitpid(-1, status, LibC.WNOHANG);
      if (pid > 0) {
        return Optional.of(new Reaped(pid, status[0]));
      }
      if (pid == 0) {
        return Optional.empty();
      }
      int errno = LibC.errno();
      if (errno == Errno.ECHILD) {
        return Optional.empty();
      }
      if (errno != Errno.EINTR) {
        throw new PosixException("waitpid", errno);
      }
    }
  }
}
