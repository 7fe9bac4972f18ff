package org.jsupervisor.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration was refused; carries every problem found, not just the first, and the
 * warnings and notes found along the way (for {@code --check-config}, which shows both).
 */
public final class ConfigException extends Exception {
  private final List<ConfigProblem> problems;
  private final List<ConfigMessage> messages;

  public ConfigException(List<ConfigProblem> problems) {
    this(problems, List.of());
  }

  public ConfigException(List<ConfigProblem> problems, List<ConfigMessage> messages) {
    super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
    this.messages = List.copyOf(messages);
  }

  public ConfigException(ConfigProblem problem) {
    this(List.of(problem));
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  /** The non-fatal messages of the refused configuration, as {@link Config#messages()} would have them. */
  public List<ConfigMessage> messages() {
    return messages;
  }
}
