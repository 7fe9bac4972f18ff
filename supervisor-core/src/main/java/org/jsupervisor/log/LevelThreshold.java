package org.jsupervisor.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import org.jsupervisor.config.LogLevel;

/**
 * Lets an event through if its supervisord level is at least the configured one, as supervisord
 * does. Needed on top of the logger level because CRIT and ERRO share logback's ERROR, and TRAC
 * and BLAT share TRACE.
 */
final class LevelThreshold extends Filter<ILoggingEvent> {
  private final LogLevel threshold;

  LevelThreshold(LogLevel threshold) {
    this.threshold = threshold;
  }

  @Override
  public FilterReply decide(ILoggingEvent event) {
    return MainLog.levelOf(event).severity() >= threshold.severity()
        ? FilterReply.NEUTRAL
        : FilterReply.DENY;
  }
}
