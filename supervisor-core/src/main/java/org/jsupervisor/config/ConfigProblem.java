package org.jsupervisor.config;

/**
 * One thing wrong with a configuration.
 *
 * @param file the file the problem is in (as given or included)
 * @param line 1-based line number, or 0 when no single line is to blame
 * @param section the section name without brackets, or empty
 * @param option the option name, or empty
 * @param message why, e.g. {@code not an integer: 'ten'}
 */
public record ConfigProblem(String file, int line, String section, String option, String message) {

  /** {@code supervisord.conf:42: [program:web] startsecs: not an integer: 'ten'}. */
  @Override
  public String toString() {
    var sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (!section.isEmpty()) {
      sb.append('[').append(section).append("] ");
    }
    if (!option.isEmpty()) {
      sb.append(option).append(": ");
    }
    return sb.append(message).toString();
  }
}
