package org.jsupervisor.rpc;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jsupervisor.process.ProcessState;

/** The {@code description} of getProcessInfo, worded and formatted as supervisord does. */
public final class Descriptions {
  // strftime('%b %d %I:%M %p') in the C locale: "Nov 23 10:29 AM".
  private static final DateTimeFormatter STOP_TIME =
      DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.US);

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
    String hms = String.format(Locale.ROOT, "%d:%02d:%02d", rest / 3600, rest / 60 % 60, rest % 60);
    if (days == 0) {
      return hms;
    }
    return days + (days == 1 ? " day, " : " days, ") + hms;
  }

  public static String stopTime(long epochSeconds, ZoneId zone) {
    return STOP_TIME.format(Instant.ofEpochSecond(epochSeconds).atZone(zone));
  }
}
