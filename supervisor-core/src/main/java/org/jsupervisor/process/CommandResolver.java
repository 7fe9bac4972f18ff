package org.jsupervisor.process;

import java.util.List;
import java.util.Map;

/** TEMPORARY stub until the posix branch lands. */
public final class CommandResolver {
  private CommandResolver() {}

  public static CommandResolution resolve(String command, Map<String, String> env) {
    List<String> argv = List.of(command.strip().split("\\s+"));
    return new CommandResolution.Resolved(argv.get(0), argv);
  }
}
