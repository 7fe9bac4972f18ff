package org.jsupervisor.process;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jsupervisor.config.GroupConfig;

/**
 * A running group: its configuration, its processes in configuration order (for a
 * {@code [group:x]}, the order of {@code programs=}, each program's processes by name) and, for
 * an {@code [fcgi-program:x]}, the socket they share.
 */
public final class ProcessGroup {
  private final GroupConfig config;
  private final List<ManagedProcess> processes;
  private final Optional<FcgiSocket> socket;

  public ProcessGroup(GroupConfig config, List<ManagedProcess> processes) {
    this(config, processes, config.fcgiSocket().map(FcgiSocket::new));
  }

  ProcessGroup(GroupConfig config, List<ManagedProcess> processes, Optional<FcgiSocket> socket) {
    this.config = config;
    this.processes = List.copyOf(processes);
    this.socket = socket;
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

  /**
   * In configuration order, the order in which supervisord's main loop visits them: autostarts
   * at start-up and after an {@code update} are spawned in this order.
   */
  public List<ManagedProcess> processes() {
    return processes;
  }

  /** The socket of a FastCGI group, passed to its processes as fd 0. */
  Optional<FcgiSocket> socket() {
    return socket;
  }

  /** Whether this FastCGI group's socket is open now (some process holds it). */
  public boolean socketOpen() {
    return socket.map(FcgiSocket::isOpen).orElse(false);
  }

  /**
   * In ascending priority, ties in configuration order: supervisord's stable sort on priority
   * alone, used by startProcessGroup, stopProcessGroup, signalProcessGroup and the *All calls.
   */
  public List<ManagedProcess> byPriority() {
    var sorted = new ArrayList<>(processes);
    sorted.sort(Comparator.comparingInt(p -> p.config().priority()));
    return sorted;
  }

  /**
   * Stops the group as supervisord does at shutdown: {@link #byPriority()} reversed, so the
   * highest priority value first and ties in reverse configuration order; RUNNING and STARTING
   * processes are stopped, BACKOFF ones given up, the rest left as they are.
   */
  public void stopAll() {
    List<ManagedProcess> reversed = byPriority();
    Collections.reverse(reversed);
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
