package org.jsupervisor.process;

/**
 * Starts child processes. The real implementation uses {@code posix_spawn}; unit tests of the
 * state machine use a fake. Called only from the loop thread.
 */
public interface Spawner {
  /**
   * Starts {@code request}. An expected failure (no such file, too many processes, a bad
   * directory) is returned as {@link SpawnResult.Failed} with supervisord's {@code spawnerr}
   * text, never thrown.
   */
  SpawnResult spawn(SpawnRequest request);
}
