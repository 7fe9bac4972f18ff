package org.jsupervisor.loop;

import java.util.function.Consumer;

/**
 * The services of the loop thread that the process engine uses: time, timers and readiness of
 * file descriptors. All methods are called on the loop thread only.
 */
public interface Reactor {
  Clock clock();

  /** Runs {@code action} on the loop thread once the monotonic clock reaches {@code nanos}. */
  void at(long nanos, Runnable action);

  /**
   * Runs each turn's due timers inside {@code scope} (one call per turn, given the work that fires
   * them), so what they ask for can be carried out together at its end. Replaces an earlier scope.
   */
  void scopeTimers(Consumer<Runnable> scope);

  /** Calls {@code onReadable} whenever {@code fd} is readable, has hung up or failed. */
  void watch(int fd, Runnable onReadable);

  /** Stops watching {@code fd}; does not close it. */
  void unwatch(int fd);

  /**
   * Calls {@code onWritable} whenever {@code fd} can take more bytes, has hung up or failed; for
   * non-blocking writers with something left to send (an event listener's stdin).
   */
  void watchWritable(int fd, Runnable onWritable);

  /** Stops watching {@code fd} for writability; does not close it. */
  void unwatchWritable(int fd);
}
