package org.jsupervisor.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * supervisord's main log line: {@code 2026-11-23 10:00:00,123 INFO spawned: 'web' with pid 42}
 * and a newline; local time, milliseconds truncated, the four-letter level code. A message may
 * contain newlines and is written as is; an attached exception follows on the next lines.
 */
final class MainLogLayout extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  private final ZoneId zone;

  MainLogLayout(ZoneId zone) {
    this.zone = zone;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    var sb = new StringBuilder(80);
    sb.append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone)))
        .append(' ')
        .append(MainLog.levelOf(event).code())
        .append(' ')
        .append(event.getFormattedMessage());
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      sb.append('\n').append(ThrowableProxyUtil.asString(thrown).stripTrailing());
    }
    return sb.append('\n').toString();
  }
}
