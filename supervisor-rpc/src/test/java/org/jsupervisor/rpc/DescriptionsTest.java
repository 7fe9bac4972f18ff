package org.jsupervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jsupervisor.process.ProcessState;
import org.junit.jupiter.api.Test;

class DescriptionsTest {
  private static final ZoneId UTC = ZoneOffset.UTC;

  @Test
  void uptimeIsFormattedLikePythonTimedelta() {
    assertEquals("0:00:03", Descriptions.uptime(3));
    assertEquals("1:01:01", Descriptions.uptime(3661));
    assertEquals("1 day, 1:01:01", Descriptions.uptime(86400 + 3661));
    assertEquals("2 days, 0:00:05", Descriptions.uptime(2 * 86400 + 5));
    assertEquals("0:00:00", Descriptions.uptime(-7));
  }

  @Test
  void stopTimeIsStrftimeInTheCLocale() {
    long t = LocalDateTime.of(2024, 6, 5, 15, 16).toEpochSecond(ZoneOffset.UTC);
    assertEquals("Jun 05 03:16 PM", Descriptions.stopTime(t, UTC));
    long m = LocalDateTime.of(2024, 11, 23, 0, 29).toEpochSecond(ZoneOffset.UTC);
    assertEquals("Nov 23 12:29 AM", Descriptions.stopTime(m, UTC));
  }

  /** The hand-made formatting against the formatter it replaced, across zones and DST changes. */
  @Test
  void stopTimeAgreesWithDateTimeFormatter() {
    var formatter = java.time.format.DateTimeFormatter.ofPattern("MMM dd hh:mm a",
        java.util.Locale.US);
    var random = new java.util.Random(5);
    for (String zone : new String[] {"UTC", "Europe/Berlin", "America/St_Johns",
        "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham"}) {
      ZoneId z = ZoneId.of(zone);
      for (int i = 0; i < 2000; i++) {
        long t = random.nextInt(Integer.MAX_VALUE);
        assertEquals(formatter.format(java.time.Instant.ofEpochSecond(t).atZone(z)),
            Descriptions.stopTime(t, z), zone + " " + t);
      }
    }
  }

  @Test
  void uptimeCountsDaysHoursMinutesSeconds() {
    assertEquals("23:59:59", Descriptions.uptime(86399));
    assertEquals("10 days, 10:09:08", Descriptions.uptime(10 * 86400 + 10 * 3600 + 9 * 60 + 8));
  }

  @Test
  void describesEachState() {
    assertEquals("pid 42, uptime 0:01:00",
        Descriptions.of(ProcessState.RUNNING, "web", 42, 100, 0, 160, "", UTC));
    assertEquals("Not started", Descriptions.of(ProcessState.STOPPED, "web", 0, 0, 0, 5, "", UTC));
    assertEquals("Jan 01 12:00 AM",
        Descriptions.of(ProcessState.EXITED, "web", 0, 100, 0, 200, "", UTC));
    assertEquals("unknown error (try \"tail web\")",
        Descriptions.of(ProcessState.FATAL, "web", 0, 1, 2, 3, "", UTC));
    assertEquals("Exited too quickly",
        Descriptions.of(ProcessState.BACKOFF, "web", 0, 1, 2, 3, "Exited too quickly", UTC));
    assertEquals("", Descriptions.of(ProcessState.STARTING, "web", 1, 1, 2, 3, "", UTC));
    assertEquals("", Descriptions.of(ProcessState.STOPPING, "web", 1, 1, 2, 3, "", UTC));
  }
}
