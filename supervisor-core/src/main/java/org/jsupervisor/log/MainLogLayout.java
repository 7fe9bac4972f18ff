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
  private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final ZoneId zone;
  /**
   * The formatted second of the last line: a burst of lines (a thousand spawns) shares it, and a
   * zone's offset only changes on a whole second. One immutable pair in one field, so appenders
   * on different threads sharing this layout always read a matching pair.
   */
  private volatile FormattedSecond last = new FormattedSecond(Long.MIN_VALUE, "");

  private record FormattedSecond(long second, String text) {}

  MainLogLayout(ZoneId zone) {
    this.zone = zone;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    long millis = event.getTimeStamp();
    long second = Math.floorDiv(millis, 1000);
    FormattedSecond cached = last;
    if (cached.second() != second) {
      cached = new FormattedSecond(second, SECOND.format(Instant.ofEpochSecond(second).atZone(zone)));
      last = cached;
    }
    int milli = (int) Math.floorMod(millis, 1000);
    var sb = new StringBuilder(80);
    sb.append(cached.text()).append(',')
        .append((char) ('0' + milli / 100)).append((char) ('0' + milli / 10 % 10))
        .append((char) ('0' + milli % 10))
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
