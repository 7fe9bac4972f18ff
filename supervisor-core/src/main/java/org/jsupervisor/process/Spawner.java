package org.jsupervisor.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts child processes. The real implementation uses {@code posix_spawn}; unit tests of the
 * state machine use a fake. Called only from the loop thread, though
 * {@link #spawnAll} may use helper threads for the system calls.
 */
public interface Spawner {
  /**
   * Starts {@code request}. An expected failure (no such file, too many processes, a bad
   * directory) is returned as {@link SpawnResult.Failed} with supervisord's {@code spawnerr}
   * text, never thrown.
   */
  SpawnResult spawn(SpawnRequest request);

  /**
   * Starts every request and returns the outcomes in the same order. Implementations may run the
   * spawns in parallel; this one runs them one after another.
   */
  default List<SpawnResult> spawnAll(List<SpawnRequest> requests) {
    List<SpawnResult> results = new ArrayList<>(requests.size());
    for (SpawnRequest r : requests) {
      results.add(spawn(r));
    }
    return results;
  }
}
