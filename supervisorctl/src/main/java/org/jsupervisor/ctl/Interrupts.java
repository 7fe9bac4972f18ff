package org.jsupervisor.ctl;

/**
 * Ctrl-C. While a stream runs ({@code tail -f}, {@code maintail -f}, {@code fg}) an interrupt ends
 * that stream by interrupting its thread (blocking socket channels then close); otherwise it runs
 * the idle action (the shell prints a newline and leaves with status 0, like Python's
 * {@code KeyboardInterrupt} handling).
 */
public final class Interrupts {
  private final Runnable idle;
  private volatile Thread target;
  private volatile boolean fired;

  public Interrupts(Runnable idle) {
    this.idle = idle;
  }

  /** Routes SIGINT here. Uses {@code sun.misc.Signal} (module jdk.unsupported), the JDK's only hook for it. */
  public Interrupts installSigint() {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> fire());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // No SIGINT handling on this platform: Ctrl-C then simply ends the JVM.
    }
    return this;
  }

  /** Marks the calling thread as the one an interrupt should stop. */
  public void begin() {
    fired = false;
    target = Thread.currentThread();
  }

  /** Ends the stream section and clears any pending interrupt of the calling thread. */
  public void end() {
    target = null;
    Thread.interrupted();
  }

  /** Whether an interrupt arrived since {@link #begin}. */
  public boolean fired() {
    return fired;
  }

  /** Delivers an interrupt (from the signal handler, or from a test). */
  public void fire() {
    Thread t = target;
    if (t != null) {
      fired = true;
      t.interrupt();
    } else {
      idle.run();
    }
  }

  /** Whether a stream is currently running. */
  public boolean streaming() {
    return target != null;
  }
}
