package org.jsupervisor.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jsupervisor.config.ConfigMessage;
import org.jsupervisor.config.LogLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

class MainLogTest {
  private static final Pattern LINE =
      Pattern.compile("(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}) ([A-Z]{4}) (.*)");

  @TempDir Path dir;
  private final LoggerContext context = newContext();
  private final Logger log = context.getLogger("test");

  /** A context of our own, so tests don't share logback's global one. */
  private static LoggerContext newContext() {
    var context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // as slf4j's provider does
    return context;
  }
  private MainLog mainLog;

  @AfterEach
  void tearDown() {
    if (mainLog != null) {
      mainLog.close();
    }
    context.stop();
  }

  private Path configure(LogLevel level) throws IOException {
    return configure(level, 0, 0);
  }

  private Path configure(LogLevel level, long maxBytes, int backups) throws IOException {
    Path file = dir.resolve("supervisord.log");
    mainLog = MainLog.configure(context,
        new MainLog.Settings(file.toString(), maxBytes, backups, level, false));
    return file;
  }

  /** The lines of a log file without their timestamps: {@code INFO text}. */
  private static List<String> entries(Path file) throws IOException {
    return Files.readAllLines(file, UTF_8).stream()
        .map(l -> {
          var m = LINE.matcher(l);
          assertTrue(m.matches(), "not a main log line: " + l);
          return m.group(2) + " " + m.group(3);
        })
        .toList();
  }

  private void logEveryLevel() {
    for (LogLevel level : LogLevel.values()) {
      MainLog.log(log, level, "at " + level.name().toLowerCase());
    }
  }

  @Test
  void lineIsLocalTimeCommaMillisCodeAndMessage() {
    var layout = new MainLogLayout(ZoneOffset.UTC);
    var event = new LoggingEvent("x", context.getLogger("x"), Level.INFO,
        "spawned: '{}' with pid {}", null, new Object[] {"web", 42});
    event.setTimeStamp(LocalDateTime.of(2026, 11, 23, 10, 0, 0, 123_999_999)
        .toInstant(ZoneOffset.UTC).toEpochMilli());
    assertEquals("2026-11-23 10:00:00,123 INFO spawned: 'web' with pid 42\n",
        layout.doLayout(event));
  }

  @Test
  void consecutiveLinesGetTheirOwnSecondMillisAndOffsetAcrossADaylightSavingChange() {
    var zone = java.time.ZoneId.of("Europe/Paris"); // 2026-10-25 03:00 CEST -> 02:00 CET
    var layout = new MainLogLayout(zone);
    long change = java.time.ZonedDateTime.of(2026, 10, 25, 2, 59, 59, 0, zone)
        .withEarlierOffsetAtOverlap().toInstant().toEpochMilli();
    List<String> lines = new java.util.ArrayList<>();
    for (long at : new long[] {change + 5, change + 999, change + 1000, change + 1007}) {
      var event = new LoggingEvent("x", context.getLogger("x"), Level.INFO, "m", null, null);
      event.setTimeStamp(at);
      lines.add(layout.doLayout(event));
    }
    assertEquals(List.of("2026-10-25 02:59:59,005 INFO m\n", "2026-10-25 02:59:59,999 INFO m\n",
        "2026-10-25 02:00:00,000 INFO m\n", "2026-10-25 02:00:00,007 INFO m\n"), lines);
  }

  @Test
  void everyLevelIsWrittenWithSupervisordsCodeInLocalTime() throws IOException {
    Path file = configure(LogLevel.BLATHER);
    var before = LocalDateTime.now().truncatedTo(ChronoUnit.MILLIS);
    logEveryLevel();
    var after = LocalDateTime.now();
    assertEquals(List.of("CRIT at critical", "ERRO at error", "WARN at warn", "INFO at info",
        "DEBG at debug", "TRAC at trace", "BLAT at blather"), entries(file));
    var format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    for (String line : Files.readAllLines(file)) {
      var stamp = LocalDateTime.parse(line.substring(0, 23), format);
      assertFalse(stamp.isBefore(before) || stamp.isAfter(after), line);
    }
  }

  @Test
  void plainSlf4jCallsAndMarkersMapOntoSupervisordLevels() throws IOException {
    Path file = configure(LogLevel.BLATHER);
    log.error(MainLog.CRIT, "c {}", 1);
    log.error("e");
    log.trace(MainLog.BLATHER, "b");
    log.trace("t");
    MainLog.critical(log, "crit {} is not a format");
    MainLog.blather(log, "blat");
    assertEquals(List.of("CRIT c 1", "ERRO e", "BLAT b", "TRAC t",
        "CRIT crit {} is not a format", "BLAT blat"), entries(file));
  }

  @Test
  void writesOnlyLevelsAtOrAboveTheConfiguredOne() throws IOException {
    record Case(LogLevel configured, List<String> written) {}
    for (var c : List.of(
        new Case(LogLevel.CRITICAL, List.of("CRIT")),
        new Case(LogLevel.ERROR, List.of("CRIT", "ERRO")),
        new Case(LogLevel.WARN, List.of("CRIT", "ERRO", "WARN")),
        new Case(LogLevel.INFO, List.of("CRIT", "ERRO", "WARN", "INFO")),
        new Case(LogLevel.DEBUG, List.of("CRIT", "ERRO", "WARN", "INFO", "DEBG")),
        new Case(LogLevel.TRACE, List.of("CRIT", "ERRO", "WARN", "INFO", "DEBG", "TRAC")))) {
      Path file = configure(c.configured());
      logEveryLevel();
      mainLog.close();
      assertEquals(c.written(), entries(file).stream().map(e -> e.substring(0, 4)).toList(),
          "loglevel=" + c.configured());
      Files.delete(file);
    }
  }

  @Test
  void multiLineMessagesAndExceptionsAreWrittenAsIs() throws IOException {
    Path file = configure(LogLevel.INFO);
    log.info("'web' stdout output:\nhello\nworld");
    log.error("boom", new IllegalStateException("bad"));
    List<String> lines = Files.readAllLines(file);
    assertTrue(lines.get(0).endsWith(" INFO 'web' stdout output:"), lines.get(0));
    assertEquals(List.of("hello", "world"), lines.subList(1, 3));
    assertTrue(lines.get(3).endsWith(" ERRO boom"), lines.get(3));
    assertEquals("java.lang.IllegalStateException: bad", lines.get(4));
  }

  @Test
  void rotatesAtTinyMaxBytesKeepingNumberedBackups() throws IOException {
    Path file = configure(LogLevel.INFO, 60, 2);
    log.info("first line, about forty bytes"); // ~54 bytes: below 60
    assertEquals(1, Files.readAllLines(file).size());
    log.info("second"); // crosses 60: rotated right after this write
    assertEquals(0, Files.size(file));
    assertEquals(List.of("INFO first line, about forty bytes", "INFO second"),
        entries(dir.resolve("supervisord.log.1")));
    log.info("a line long enough to cross the limit on its own, by far");
    log.info("and another");
    assertEquals(List.of("INFO a line long enough to cross the limit on its own, by far"),
        entries(dir.resolve("supervisord.log.1")));
    assertEquals(List.of("INFO first line, about forty bytes", "INFO second"),
        entries(dir.resolve("supervisord.log.2")));
    assertEquals(List.of("INFO and another"), entries(dir.resolve("supervisord.log")));
    assertFalse(Files.exists(dir.resolve("supervisord.log.3")));
  }

  @Test
  void zeroBackupsTruncatesAndZeroMaxBytesNeverRotates() throws IOException {
    Path file = configure(LogLevel.INFO, 50, 0);
    log.info("this line is longer than fifty bytes, with its timestamp");
    log.info("kept");
    mainLog.close();
    assertEquals(List.of("INFO kept"), entries(file));
    assertFalse(Files.exists(dir.resolve("supervisord.log.1")));

    configure(LogLevel.INFO, 0, 5);
    for (int i = 0; i < 100; i++) {
      log.info("line {}", i);
    }
    assertEquals(101, entries(file).size());
    assertFalse(Files.exists(dir.resolve("supervisord.log.1")));
  }

  @Test
  void reopenLogsThenContinuesInANewFileAfterAnExternalRename() throws IOException {
    Path file = configure(LogLevel.INFO);
    log.info("before");
    Files.move(file, dir.resolve("rotated.log"));
    mainLog.reopen();
    log.info("after");
    assertEquals(List.of("INFO before", "INFO supervisord logreopen"),
        entries(dir.resolve("rotated.log")));
    assertEquals(List.of("INFO after"), entries(file));
  }

  @Test
  void linesLoggedBeforeConfigureAreWrittenAfterItFilteredByLevel() throws IOException {
    new MainLogBootstrap().configure(context);
    log.debug("too low once configured");
    MainLog.logParseMessages(log, List.of(
        new ConfigMessage(LogLevel.INFO, "included extra file"),
        new ConfigMessage(LogLevel.WARN, "AUTO log without rollover"),
        new ConfigMessage(LogLevel.CRITICAL, "running as root"),
        new ConfigMessage(LogLevel.INFO, "included second file")));
    Path file = configure(LogLevel.INFO);
    log.info("configured");
    assertEquals(List.of("CRIT running as root", "WARN AUTO log without rollover",
        "INFO included extra file", "INFO included second file", "INFO configured"),
        entries(file));
  }

  @Test
  void stdoutGetsTheSameLinesWhenAsked() throws IOException {
    PrintStream original = System.out;
    var captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, UTF_8));
    try {
      Path file = dir.resolve("supervisord.log");
      mainLog = MainLog.configure(context,
          new MainLog.Settings(file.toString(), 0, 0, LogLevel.INFO, true));
      log.info("spawned: 'web' with pid 42");
      log.debug("not at info");
      mainLog.close();
      assertEquals(Files.readString(file), captured.toString(UTF_8));
      assertEquals(List.of("INFO spawned: 'web' with pid 42"), entries(file));
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void syslogGetsOneDatagramPerLineWithGlibcHeader() throws Exception {
    String socket = dir.resolve("log.sock").toString();
    try (var syslogd = UnixDatagram.bind(socket)) {
      mainLog = MainLog.configure(context,
          new MainLog.Settings(MainLog.SYSLOG, 0, 0, LogLevel.INFO, false, socket));
      MainLog.critical(log, "first\nsecond");
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
        var header = Pattern.compile(
            "<14>[A-Z][a-z]{2} [ 1-3]\\d \\d\\d:\\d\\d:\\d\\d supervisord: "
                + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} CRIT ");
        for (String expected : new String[] {"first", "second"}) {
          String datagram = new String(syslogd.receive(4096), UTF_8);
          var m = header.matcher(datagram);
          assertTrue(m.lookingAt(), datagram);
          assertEquals(expected, datagram.substring(m.end()));
        }
      });
    }
  }

  @Test
  void unusableSyslogFallsBackToStderrWithAWarning() throws IOException {
    PrintStream original = System.err;
    var captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, UTF_8));
    try {
      String socket = dir.resolve("missing.sock").toString();
      mainLog = MainLog.configure(context,
          new MainLog.Settings(MainLog.SYSLOG, 0, 0, LogLevel.INFO, false, socket));
      log.info("still visible");
      mainLog.close();
    } finally {
      System.setErr(original);
    }
    String[] lines = captured.toString(UTF_8).split("\n");
    assertTrue(lines[0].matches(".* WARN could not send the main log to syslog "
        + "\\(connect: ENOENT \\(2\\) .*missing.sock\\); writing it to stderr instead"),
        Arrays.toString(lines));
    assertTrue(lines[1].endsWith(" INFO still visible"), lines[1]);
  }

  @Test
  void settingsCopyToStdoutOnlyWhenNodaemonAndNotSilent() {
    assertTrue(MainLog.Settings.of(supervisord(true, false)).stdout());
    assertFalse(MainLog.Settings.of(supervisord(true, true)).stdout());
    assertFalse(MainLog.Settings.of(supervisord(false, false)).stdout());
    var s = MainLog.Settings.of(supervisord(false, false));
    assertEquals(new MainLog.Settings("/var/log/s.log", 1024, 3, LogLevel.DEBUG, false), s);
  }

  private static org.jsupervisor.config.SupervisordConfig supervisord(boolean nodaemon, boolean silent) {
    return new org.jsupervisor.config.SupervisordConfig("/var/log/s.log", 1024, 3, LogLevel.DEBUG,
        "/run/s.pid", 022, nodaemon, silent, 1024, 200, false, "/tmp", java.util.Optional.empty(),
        java.util.Optional.empty(), false, java.util.Map.of(), "supervisor");
  }
}
