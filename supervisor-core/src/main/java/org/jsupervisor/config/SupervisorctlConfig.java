package org.jsupervisor.config;

import java.util.Optional;

/** The {@code [supervisorctl]} section, read only by supervisorctl. */
public record SupervisorctlConfig(
    String serverurl,
    Optional<String> username,
    Optional<String> password,
    String prompt,
    Optional<String> historyFile) {

  public static final SupervisorctlConfig DEFAULTS =
      new SupervisorctlConfig(
          "http://localhost:9001", Optional.empty(), Optional.empty(), "supervisor", Optional.empty());
}
