package org.jsupervisor.process;

import java.util.ArrayList;
import java.util.List;
import org.jsupervisor.config.GroupConfig;

/** A running group: its configuration and its processes in (priority, name) order. */
public final class ProcessGroup {
  private final GroupConfig config;
  private final List<ManagedProcess> processes;

  public ProcessGroup(GroupConfig config, List<ManagedProcess> processes) {
    this.config = config;
    this.processes = List.copyOf(processes);
  }

  public String name() {
    return config.name();
  }

  public GroupConfig config() {
    return config;
  }

  public int priority() {
    return config.priority();
  }

  public List<ManagedProcess> processes() {
    return processes;
  }

  /**
   * Stops the group as supervisord does at shutdown: highest priority value first; RUNNING and
   * STARTING processes are stopped, BACKOFF ones given up, the rest left as they are.
   */
  public void stopAll() {
    var reversed = new ArrayList<>(processes);
    java.util.Collections.reverse(reversed);
    for (ManagedProcess p : reversed) {
      switch (p.state()) {
        case RUNNING, STARTING -> p.stop();
        case BACKOFF -> p.giveUp();
        default -> { }
      }
    }
  }

  /** Processes not yet in a stopped state (STOPPED, EXITED, FATAL, UNKNOWN). */
  public List<ManagedProcess> unstopped() {
    return processes.stream().filter(p -> !p.state().isStopped()).toList();
  }
}
