package org.jsupervisor.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jsupervisor.config.ConfigMessage;
import org.jsupervisor.config.LogLevel;
import org.jsupervisor.config.SupervisordConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * supervisord's main (activity) log, set up on logback's root logger without any logback.xml.
 *
 * <p>Code logs through plain slf4j loggers. supervisord's seven levels map onto slf4j's five:
 * CRIT is ERROR with the {@link #CRIT} marker, BLAT is TRACE with the {@link #BLATHER} marker, the
 * others are the same-named slf4j levels (DEBG = DEBUG, TRAC = TRACE). Use {@link #critical},
 * {@link #blather} or {@link #log(Logger, LogLevel, String)} rather than the markers by hand. A line
 * is written if its level is at least the configured one, exactly as supervisord.
 *
 * <p>Until {@link #configure} runs, lines are held (see {@code MainLogBootstrap}) and nothing is
 * printed; {@code configure} writes them out in order, filtered by the configured level.
 */
public final class MainLog implements Closeable {
  public static final Marker CRIT = MarkerFactory.getMarker("CRIT");
  public static final Marker BLATHER = MarkerFactory.getMarker("BLAT");

  /** The {@code logfile} value that means "send to syslog". */
  public static final String SYSLOG = "syslog";

  /** The local syslog socket. */
  public static final String DEV_LOG = "/dev/log";

  /**
   * What the main log needs from {@code [supervisord]} and the command line.
   *
   * @param logfile a path, or {@link #SYSLOG}
   * @param maxBytes rotate when the file reaches this size; 0 or less: plain append, never rotate
   * @param backups rotated files kept; 0 or less: rotation just truncates
   * @param stdout also copy every line to stdout (nodaemon and not silent)
   * @param syslogSocket where {@code logfile=syslog} sends to; {@link #DEV_LOG} normally
   */
  public record Settings(
      String logfile, long maxBytes, int backups, LogLevel level, boolean stdout,
      String syslogSocket) {

    public Settings(String logfile, long maxBytes, int backups, LogLevel level, boolean stdout) {
      this(logfile, maxBytes, backups, level, stdout, DEV_LOG);
    }

    /** From the effective settings (command line already applied). */
    public static Settings of(SupervisordConfig config) {
      return new Settings(
          config.logfile(), config.logfileMaxBytes(), config.logfileBackups(),
          config.loglevel(), config.nodaemon() && !config.silent());
    }
  }

  private final LoggerContext context;
  private final LogLevel level;
  private final List<Appender<ILoggingEvent>> appenders;
  private final List<RotatingFileAppender> files;

  private MainLog(LoggerContext context, LogLevel level, List<Appender<ILoggingEvent>> appenders,
      List<RotatingFileAppender> files) {
    this.context = context;
    this.level = level;
    this.appenders = List.copyOf(appenders);
    this.files = List.copyOf(files);
  }

  /** {@link #configure(LoggerContext, Settings)} on slf4j's logback context. */
  public static MainLog configure(Settings settings) throws IOException {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      throw new IllegalStateException(
          "slf4j is not bound to logback: " + LoggerFactory.getILoggerFactory().getClass());
    }
    return configure(context, settings);
  }

  /**
   * Replaces every appender of the root logger with the main log's targets and writes out the
   * lines held so far. May be called again (supervisord re-makes its log on a HUP restart).
   *
   * @throws IOException the log file cannot be opened ({@code logfile=syslog} never throws: if
   *     the syslog socket is unusable the log goes to stderr, with a WARN saying why)
   */
  public static MainLog configure(LoggerContext context, Settings settings) throws IOException {
    var layout = new MainLogLayout(ZoneId.systemDefault());
    layout.setContext(context);
    layout.start();
    List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
    List<RotatingFileAppender> files = new ArrayList<>();
    String syslogProblem = null;
    if (settings.stdout()) {
      appenders.add(console(context, layout, "stdout", "System.out"));
    }
    if (settings.logfile().equals(SYSLOG)) {
      try {
        appenders.add(new SyslogAppender(settings.syslogSocket(), "supervisord", layout,
            ZoneId.systemDefault()));
      } catch (IOException | LinkageError e) { // LinkageError: libc could not be bound
        syslogProblem = e instanceof IOException ? e.getMessage() : e.toString();
        if (!settings.stdout()) { // stdout already shows every line; don't print them twice
          appenders.add(console(context, layout, "stderr", "System.err"));
        }
      }
    } else {
      var file = new RotatingFileAppender(
          new RotatingFile(Path.of(settings.logfile()), settings.maxBytes(), settings.backups()),
          layout);
      files.add(file);
      appenders.add(file);
    }
    var threshold = new LevelThreshold(settings.level());
    threshold.start();
    for (var appender : appenders) {
      appender.setContext(context);
      appender.addFilter(threshold);
      appender.start();
    }

    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    List<ILoggingEvent> held = List.of();
    int dropped = 0;
    if (root.getAppender(PendingAppender.NAME) instanceof PendingAppender pending) {
      held = pending.drain();
      dropped = pending.dropped();
    }
    // Start-up is single-threaded; a line logged by another thread while we swap appenders could
    // be lost, which we accept rather than lock every log call.
    root.detachAndStopAllAppenders();
    root.setLevel(logbackLevel(settings.level()));
    for (var event : held) {
      for (var appender : appenders) {
        appender.doAppend(event);
      }
    }
    appenders.forEach(root::addAppender);

    if (dropped > 0) {
      root.warn("{} log lines from before the main log was set up were dropped", dropped);
    }
    if (syslogProblem != null) {
      root.warn("could not send the main log to syslog ({}); writing it to {} instead",
          syslogProblem, settings.stdout() ? "stdout" : "stderr");
    }
    return new MainLog(context, settings.level(), appenders, files);
  }

  private static Appender<ILoggingEvent> console(
      LoggerContext context, MainLogLayout layout, String name, String target) {
    var encoder = new LayoutWrappingEncoder<ILoggingEvent>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    var console = new ConsoleAppender<ILoggingEvent>();
    console.setName(name);
    console.setTarget(target);
    console.setEncoder(encoder);
    return console;
  }

  public LogLevel level() {
    return level;
  }

  /**
   * supervisord's log reopen (SIGUSR2): logs INFO {@code supervisord logreopen} to the current
   * file, then closes and reopens the file by name, so a file renamed by logrotate is left alone
   * and a new one is started.
   */
  public void reopen() {
    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.info("supervisord logreopen");
    for (var file : files) {
      try {
        file.reopen();
      } catch (IOException e) {
        file.addError("could not reopen main log", e);
      }
    }
  }

  /** Detaches and closes the main log's targets; later lines go nowhere until reconfigured. */
  @Override
  public void close() {
    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (var appender : appenders) {
      root.detachAppender(appender);
      appender.stop();
    }
  }

  /** supervisord's level of an event: see the class comment for the mapping. */
  public static LogLevel levelOf(ILoggingEvent event) {
    List<Marker> markers = event.getMarkerList();
    if (markers != null) {
      for (Marker m : markers) {
        if (m.contains(CRIT)) {
          return LogLevel.CRITICAL;
        }
        if (m.contains(BLATHER)) {
          return LogLevel.BLATHER;
        }
      }
    }
    return switch (event.getLevel().toInt()) {
      case Level.ERROR_INT -> LogLevel.ERROR;
      case Level.WARN_INT -> LogLevel.WARN;
      case Level.INFO_INT -> LogLevel.INFO;
      case Level.DEBUG_INT -> LogLevel.DEBUG;
      default -> LogLevel.TRACE;
    };
  }

  /** Logs {@code message} (not a format string) at a supervisord level. */
  public static void log(Logger log, LogLevel level, String message) {
    switch (level) {
      case CRITICAL -> log.error(CRIT, "{}", message);
      case ERROR -> log.error("{}", message);
      case WARN -> log.warn("{}", message);
      case INFO -> log.info("{}", message);
      case DEBUG -> log.debug("{}", message);
      case TRACE -> log.trace("{}", message);
      case BLATHER -> log.trace(BLATHER, "{}", message);
    }
  }

  public static void critical(Logger log, String message) {
    log(log, LogLevel.CRITICAL, message);
  }

  public static void blather(Logger log, String message) {
    log(log, LogLevel.BLATHER, message);
  }

  /**
   * Logs the config's parse-time messages as supervisord does once its log is open: all CRIT,
   * then all WARN, then all INFO (and any other level after, most severe first), each group in
   * its original order.
   */
  public static void logParseMessages(Logger log, List<ConfigMessage> messages) {
    messages.stream()
        .sorted(Comparator.comparingInt((ConfigMessage m) -> -m.level().severity()))
        .forEach(m -> log(log, m.level(), m.text()));
  }

  private static Level logbackLevel(LogLevel level) {
    return switch (level) {
      case CRITICAL, ERROR -> Level.ERROR;
      case WARN -> Level.WARN;
      case INFO -> Level.INFO;
      case DEBUG -> Level.DEBUG;
      case TRACE, BLATHER -> Level.TRACE;
    };
  }
}
