package org.jsupervisor.process;

import static org.jsupervisor.process.ProcessState.RUNNING;
import static org.jsupervisor.process.ProcessState.STARTING;
import static org.jsupervisor.process.ProcessState.STOPPED;
import static org.jsupervisor.process.Programs.program;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsupervisor.config.ProcessConfig;
import org.jsupervisor.posix.PosixSpawner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spawns carried out together: start-up in chunks, and a signal to a spawn still in a batch. */
class SpawnBatchingTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  @TempDir Path dir;

  /**
   * The real spawner, recording the size of each batch. The first batch waits for {@link
   * #atFirstBatch} to be set, then runs it.
   */
  private static final class RecordingSpawner implements Spawner {
    final PosixSpawner real = new PosixSpawner();
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    final java.util.concurrent.CompletableFuture<Runnable> atFirstBatch =
        new java.util.concurrent.CompletableFuture<>();

    @Override
    public SpawnResult spawn(SpawnRequest request) {
      batches.add(1);
      return real.spawn(request);
    }

    @Override
    public List<SpawnResult> spawnAll(List<SpawnRequest> requests) {
      batches.add(requests.size());
      if (batches.size() == 1) {
        atFirstBatch.join().run();
      }
      return real.spawnAll(requests);
    }
  }

  @Test
  void autostartGoesOutInChunksAndTheLoopAnswersBetweenThem() throws Exception {
    var programs = new ArrayList<ProcessConfig>();
    for (int i = 0; i < 100; i++) {
      programs.add(program(String.format("p%03d", i)).startsecs(0).build());
    }
    var spawner = new RecordingSpawner();
    AtomicInteger batchesBeforeTheCall = new AtomicInteger(-1);
    try (var e = new Engine(Engine.configOf(dir, programs, false), spawner)) {
      // A call queued while the first chunk spawns, as an RPC call during start-up.
      spawner.atFirstBatch.complete(() -> e.loop.execute(
          () -> batchesBeforeTheCall.set(spawner.batches.size())));
      e.await("all RUNNING", LONG, s -> s.allProcesses().stream()
          .allMatch(p -> p.state() == RUNNING));

      assertEquals(100, spawner.batches.stream().mapToInt(Integer::intValue).sum());
      assertTrue(spawner.batches.stream().allMatch(n -> n <= 24), "chunks " + spawner.batches);
      assertEquals(1, batchesBeforeTheCall.get(), "the call ran right after the first chunk");
      List<Integer> pids = e.call(s -> s.allProcesses().stream().map(ManagedProcess::pid).toList());
      assertEquals(100, pids.stream().distinct().count());
      for (int pid : pids) {
        assertTrue(java.nio.file.Files.exists(Path.of("/proc/" + pid)), "pid " + pid + " alive");
      }
      // Priority order: names sort like their priorities here, so spawn order is name order.
      assertEquals(programs.stream().map(ProcessConfig::name).toList(),
          e.changes.stream().filter(c -> c.to() == STARTING).map(ProcessStateChange::name)
              .toList());
    }
  }

  @Test
  void aStopOfASpawnStillInTheBatchSpawnsItFirstThenStopsIt() throws Exception {
    try (var e = new Engine(dir, List.of(program("late").autostart(false).startsecs(0).build()))) {
      int pid = e.call(s -> {
        ManagedProcess p = s.allProcesses().get(0);
        s.batchSpawns(() -> {
          p.spawn();
          assertEquals(0, p.pid(), "still in the batch");
          assertTrue(p.stop().isEmpty(), "stop found a pid to signal");
        });
        return p.pid();
      });
      e.awaitState("late", STOPPED, LONG);
      assertEquals(List.of(STARTING, ProcessState.STOPPING, STOPPED), e.statesOf("late"));
      assertTrue(pid > 0);
      assertTrue(!java.nio.file.Files.exists(Path.of("/proc/" + pid)), "pid " + pid + " reaped");
    }
  }
}
