package org.jsupervisor.posix;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jsupervisor.process.Signal;

/**
 * Routes the signals supervisord reacts to (CHLD, TERM, INT, HUP, USR2) to a callback, which
 * should do nothing but queue the signal and {@link WakeupPipe#wake()} the loop: the JDK runs it
 * on a short-lived "SIG<name> handler" thread, never on the loop thread.
 *
 * <p>SIGQUIT cannot be handled: the JVM reserves it for thread dumps and refuses a handler even
 * with {@code -Xrs}, so unlike supervisord we cannot treat QUIT as a shutdown request.
 */
public final class Signals implements AutoCloseable {
  /** What supervisord handles, minus QUIT (see above). */
  public static final List<Signal> HANDLED =
      List.of(Signal.CHLD, Signal.TERM, Signal.INT, Signal.HUP, Signal.USR2);

  private final List<sun.misc.Signal> installed = new ArrayList<>();
  private final List<sun.misc.SignalHandler> previous = new ArrayList<>();

  private Signals() {}

  /** Installs {@code callback} for every signal in {@link #HANDLED}. */
  public static Signals install(Consumer<Signal> callback) {
    return install(HANDLED, callback);
  }

  /**
   * Installs {@code callback} for {@code signals}. Throws IllegalArgumentException (from the JDK)
   * for a signal the JVM reserves, such as QUIT.
   */
  public static Signals install(List<Signal> signals, Consumer<Signal> callback) {
    Signals result = new Signals();
    for (Signal signal : signals) {
      sun.misc.Signal jdkSignal = new sun.misc.Signal(signal.name());
      sun.misc.SignalHandler handler = s -> callback.accept(signal);
      sun.misc.SignalHandler before = sun.misc.Signal.handle(jdkSignal, handler);
      if (before == sun.misc.SignalHandler.SIG_IGN) {
        // HotSpot silently refuses to handle HUP, INT or TERM when they were ignored at start-up
        // (a daemon started with & from a script has SIGINT ignored, nohup ignores SIGHUP).
        // supervisord reacts to them regardless: restore the default, then register for real.
        LibC.INSTANCE.signal(signal.number(), LibC.SIG_DFL);
        sun.misc.Signal.handle(jdkSignal, handler);
      }
      result.previous.add(before);
      result.installed.add(jdkSignal);
    }
    return result;
  }

  /** Puts back the handlers that were installed before (tests; a restarting daemon keeps them). */
  @Override
  public void close() {
    for (int i = installed.size() - 1; i >= 0; i--) {
      sun.misc.Signal.handle(installed.get(i), previous.get(i));
    }
    installed.clear();
    previous.clear();
  }
}
