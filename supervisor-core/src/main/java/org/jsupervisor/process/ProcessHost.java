package org.jsupervisor.process;

import java.util.Map;
import java.util.Optional;
import org.jsupervisor.loop.Clock;

/**
 * What a {@link ManagedProcess} needs from the engine around it. Everything is called on the
 * loop thread. Tests provide a fake with a fake clock and spawner.
 */
public interface ProcessHost {
  Clock clock();

  /**
   * Spawns {@code request} for {@code process} and calls {@link ManagedProcess#launched} with the
   * outcome, at once or when the host's current batch of spawns is carried out.
   */
  void launch(ManagedProcess process, SpawnRequest request);

  /** Carries out the spawns of the current batch now, if there is one. */
  void flushLaunches();

  /** Whether the supervisor is RUNNING; while shutting down nothing is started automatically. */
  boolean acceptsStarts();

  /** Runs {@code action} on the loop thread at or soon after the monotonic time {@code nanos}. */
  void wakeAt(long nanos, Runnable action);

  /** The daemon's own environment, which every child starts from. */
  Map<String, String> daemonEnvironment();

  /** {@code [supervisord] environment}, laid over the daemon's environment for every child. */
  Map<String, String> supervisordEnvironment();

  /** The default {@code SUPERVISOR_SERVER_URL}, from the first configured HTTP server. */
  Optional<String> serverUrl();

  /** A child was started: watch its pipes and map its pid back to {@code process}. */
  void attach(ManagedProcess process, SpawnResult.Spawned child);

  /** The process changed state (after the change is visible on {@code process}). */
  void stateChanged(ManagedProcess process, ProcessStateChange change);
}
