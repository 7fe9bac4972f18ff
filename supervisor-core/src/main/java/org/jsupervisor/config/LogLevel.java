package org.jsupervisor.config;

import java.util.Locale;
import java.util.Optional;

/** supervisord's log levels, with the four-letter codes it writes in the main log. */
public enum LogLevel {
  CRITICAL(50, "CRIT"),
  ERROR(40, "ERRO"),
  WARN(30, "WARN"),
  INFO(20, "INFO"),
  DEBUG(10, "DEBG"),
  TRACE(5, "TRAC"),
  BLATHER(3, "BLAT");

  private final int severity;
  private final String code;

  LogLevel(int severity, String code) {
    this.severity = severity;
    this.code = code;
  }

  public int severity() {
    return severity;
  }

  /** The code written in log lines, e.g. {@code DEBG}. */
  public String code() {
    return code;
  }

  /** Parses the names supervisord accepts in {@code loglevel} and {@code -e}. */
  public static Optional<LogLevel> parse(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "critical" -> Optional.of(CRITICAL);
      case "error" -> Optional.of(ERROR);
      case "warn" -> Optional.of(WARN);
      case "info" -> Optional.of(INFO);
      case "debug" -> Optional.of(DEBUG);
      case "trace" -> Optional.of(TRACE);
      case "blather" -> Optional.of(BLATHER);
      default -> Optional.empty();
    };
  }
}
