package org.jsupervisor.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Hands out pids without starting anything; can be told to fail the next spawns. */
final class FakeSpawner implements Spawner {
  final List<SpawnRequest> requests = new ArrayList<>();
  private final Deque<String> failures = new ArrayDeque<>();
  private int nextPid = 100;

  void failNext(String spawnerr) {
    failures.add(spawnerr);
  }

  @Override
  public SpawnResult spawn(SpawnRequest request) {
    requests.add(request);
    if (!failures.isEmpty()) {
      return new SpawnResult.Failed(failures.poll());
    }
    return new SpawnResult.Spawned(nextPid++, -1, -1, -1);
  }
}
