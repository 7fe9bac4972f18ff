package org.jsupervisor.posix;

import org.jsupervisor.process.Signal;

/**
 * Sends signals. Returns errno rather than throwing because supervisord treats ESRCH (the process
 * is already gone; its exit will be reaped) differently from any other failure.
 */
public final class Kill {
  private Kill() {}

  /** {@code kill(pid, sig)}: 0 on success, else the errno ({@link Errno#ESRCH}, EPERM, ...). */
  public static int kill(int pid, Signal signal) {
    if (pid <= 0) {
      // kill(0) or kill(-1) would signal our own group or every process we may signal.
      throw new IllegalArgumentException("pid <= 0: " + pid);
    }
    return send(pid, signal);
  }

  /** Signals the whole process group led by {@code pgid} ({@code kill(-pgid, sig)}). */
  public static int killGroup(int pgid, Signal signal) {
    if (pgid <= 1) {
      throw new IllegalArgumentException("pgid <= 1: " + pgid);
    }
    return send(-pgid, signal);
  }

  private static int send(int target, Signal signal) {
    return LibC.INSTANCE.kill(target, signal.number()) == 0 ? 0 : LibC.errno();
  }
}
