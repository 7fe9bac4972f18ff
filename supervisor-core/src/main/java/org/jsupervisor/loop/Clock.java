package org.jsupervisor.loop;

/**
 * The one seam through which the engine reads time. Deadlines (startsecs, backoff, stopwaitsecs)
 * use the monotonic {@link #nanos()}, so a wall-clock jump never fires or stalls a timer;
 * the wall clock is read only for the timestamps shown to users.
 */
public interface Clock {
  /** Monotonic nanoseconds; only differences are meaningful. */
  long nanos();

  /** Wall-clock milliseconds since the epoch. */
  long wallMillis();

  Clock SYSTEM =
      new Clock() {
        @Override
        public long nanos() {
          return System.nanoTime();
        }

        @Override
        public long wallMillis() {
          return System.currentTimeMillis();
        }
      };
}
