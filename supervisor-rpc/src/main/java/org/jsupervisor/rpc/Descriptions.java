package org.jsupervisor.rpc;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jsupervisor.process.ProcessState;

/**
 * The {@code description} of getProcessInfo, worded and formatted as supervisord does. Formatted
 * by hand rather than with {@code String.format} or a {@code DateTimeFormatter}: getAllProcessInfo
 * writes one per process, and those were most of its cost.
 */
public final class Descriptions {
  private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
      "Sep", "Oct", "Nov", "Dec"};

  private Descriptions() {}

  /**
   * @param start last spawn, epoch seconds (0 if never started)
   * @param stop last exit, epoch seconds
   * @param now epoch seconds
   */
  public static String of(ProcessState state, String name, int pid, long start, long stop,
      long now, String spawnerr, ZoneId zone) {
    return switch (state) {
      case RUNNING -> "pid " + pid + ", uptime " + uptime(now - start);
      case FATAL, BACKOFF ->
          spawnerr.isEmpty() ? "unknown error (try \"tail " + name + "\")" : spawnerr;
      case STOPPED, EXITED -> start != 0 ? stopTime(stop, zone) : "Not started";
      default -> "";
    };
  }

  /** Python's {@code str(timedelta(seconds=s))}: {@code 0:00:03}, {@code 2 days, 0:00:05}. */
  public static String uptime(long seconds) {
    long s = Math.max(0, seconds);
    long days = s / 86400;
    long rest = s % 86400;
    var sb = new StringBuilder(24);
    if (days != 0) {
      sb.append(days).append(days == 1 ? " day, " : " days, ");
    }
    sb.append(rest / 3600).append(':');
    twoDigits(sb, rest / 60 % 60).append(':');
    return twoDigits(sb, rest % 60).toString();
  }

  /** {@code strftime('%b %d %I:%M %p')} in the C locale, local time: {@code Nov 23 10:29 AM}. */
  public static String stopTime(long epochSeconds, ZoneId zone) {
    ZoneOffset offset = zone.getRules().getOffset(Instant.ofEpochSecond(epochSeconds));
    LocalDateTime t = LocalDateTime.ofEpochSecond(epochSeconds, 0, offset);
    int hour = t.getHour();
    var sb = new StringBuilder(16).append(MONTHS[t.getMonthValue() - 1]).append(' ');
    twoDigits(sb, t.getDayOfMonth()).append(' ');
    twoDigits(sb, hour % 12 == 0 ? 12 : hour % 12).append(':');
    return twoDigits(sb, t.getMinute()).append(hour < 12 ? " AM" : " PM").toString();
  }

  private static StringBuilder twoDigits(StringBuilder sb, long v) {
    return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }
}
