package org.jsupervisor.config;

/**
 * A non-fatal message produced while parsing (a warning about AUTO logs without rollover, an
 * included file), logged once the main log is open, as supervisord does.
 */
public record ConfigMessage(LogLevel level, String text) {

  /** WARN or worse: shown by {@code --check-config} and logged again by a re-read. */
  public boolean isWarning() {
    return level.severity() >= LogLevel.WARN.severity();
  }
}
