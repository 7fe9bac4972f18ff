package org.jsupervisor.ctl.command;

import java.util.List;

/** Python's {@code str.split()}: words separated by runs of whitespace. */
final class Args {
  private Args() {}

  static List<String> split(String arg) {
    String trimmed = arg.strip();
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
  }
}
