package org.jsupervisor.events;

/**
 * The global event serial. It outlives one {@link Events} (a SIGHUP restart keeps counting, as
 * supervisord's module-level {@code GlobalSerial} does) and is consumed only by events that some
 * pool accepted. Loop thread only.
 */
public final class GlobalSerial {
  private long last = -1;

  long next() {
    last = last == Long.MAX_VALUE ? 0 : last + 1; // supervisord wraps at maxint too
    return last;
  }

  /** The last serial handed out, -1 if none. */
  public long last() {
    return last;
  }
}
