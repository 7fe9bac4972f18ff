package org.jsupervisor.process;

/**
 * How a child ended, decoded from a {@code waitpid} status as supervisord decodes it.
 *
 * @param code the exit code 0..255, or -1 when a signal killed the process (supervisord's
 *     convention, visible in {@code exitstatus} and in {@code exitcodes} matching)
 * @param signal the killing signal number, or 0 for a normal exit
 * @param coreDumped whether the kernel reported a core dump
 */
public record ExitStatus(int code, int signal, boolean coreDumped) {

  public static ExitStatus exited(int code) {
    return new ExitStatus(code, 0, false);
  }

  public static ExitStatus killed(int signal) {
    return new ExitStatus(-1, signal, false);
  }

  /** Decodes a raw {@code waitpid} status word (Linux layout). */
  public static ExitStatus decode(int waitStatus) {
    int termSig = waitStatus & 0x7f;
    if (termSig == 0) {
      return exited((waitStatus >> 8) & 0xff);
    }
    return new ExitStatus(-1, termSig, (waitStatus & 0x80) != 0);
  }

  public boolean killedBySignal() {
    return signal != 0;
  }

  /** {@code exit status 3}, {@code terminated by SIGTERM}, {@code terminated by SIGSEGV (core dumped)}. */
  public String describe() {
    if (!killedBySignal()) {
      return "exit status " + code;
    }
    String name = Signal.byNumber(signal).map(Signal::sigName).orElse("signal " + signal);
    return "terminated by " + name + (coreDumped ? " (core dumped)" : "");
  }
}
