package org.jsupervisor.config;

import java.util.Optional;

/**
 * A key that no section of its kind reads, most likely a typo; a warning, never an error, since
 * other tools may keep their own keys in the same file, and supervisord ignores such keys too.
 *
 * @param file the file the key is in
 * @param line 1-based line of the key
 * @param section the section name without brackets
 * @param option the key as read (lower-cased, as configparser does)
 * @param suggestion the known key it is closest to, if one is close enough
 */
public record UnknownOption(String file, int line, String section, String option, Optional<String> suggestion) {

  /** {@code supervisord.conf:12: [program:a] unknown option 'autorestrat' (did you mean 'autorestart'?)}. */
  @Override
  public String toString() {
    return file + ":" + line + ": [" + section + "] unknown option " + PyRepr.of(option)
        + suggestion.map(s -> " (did you mean " + PyRepr.of(s) + "?)").orElse("");
  }
}
