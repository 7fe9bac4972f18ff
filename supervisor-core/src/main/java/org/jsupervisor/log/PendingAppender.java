package org.jsupervisor.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds what is logged before {@link MainLog#configure} (config parse messages, for one), so it can
 * be written to the real targets once they are known, with its original timestamps. Keeps the
 * first {@link #LIMIT} events: start-up messages matter more than whatever a chatty library says
 * later if the main log is never configured.
 */
final class PendingAppender extends AppenderBase<ILoggingEvent> {
  static final String NAME = "jsupervisor-pending";
  static final int LIMIT = 10_000;

  private final List<ILoggingEvent> events = new ArrayList<>();
  private int dropped;

  PendingAppender() {
    setName(NAME);
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (events.size() < LIMIT) {
      event.prepareForDeferredProcessing(); // fix the message and thread name now
      events.add(event);
    } else {
      dropped++;
    }
  }

  /** The events so far, oldest first; clears the buffer. */
  synchronized List<ILoggingEvent> drain() {
    var copy = List.copyOf(events);
    events.clear();
    return copy;
  }

  synchronized int dropped() {
    return dropped;
  }
}
