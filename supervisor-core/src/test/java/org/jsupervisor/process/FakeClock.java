package org.jsupervisor.process;

import java.time.Duration;
import org.jsupervisor.loop.Clock;

/** A clock that moves only when told to. */
final class FakeClock implements Clock {
  private long nanos = 1_000_000_000L;
  private long wallMillis = 1_700_000_000_000L;

  @Override
  public long nanos() {
    return nanos;
  }

  @Override
  public long wallMillis() {
    return wallMillis;
  }

  void advance(Duration d) {
    nanos += d.toNanos();
    wallMillis += d.toMillis();
  }
}
