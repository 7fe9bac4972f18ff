package org.jsupervisor.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.jsupervisor.loop.Clock;

/**
 * A host for {@link ManagedProcess} with a fake clock and spawner: timers run only when
 * {@link #runDue()} is called, so tests decide exactly when time passes.
 */
final class FakeHost implements ProcessHost {
  final FakeClock clock = new FakeClock();
  final FakeSpawner spawner = new FakeSpawner();
  final List<ProcessStateChange> changes = new ArrayList<>();
  final List<String> kills = new ArrayList<>();
  boolean acceptsStarts = true;
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private long seq;

  private record Timer(long at, long seq, Runnable action) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  ManagedProcess.Signaller signaller() {
    return (pid, signal) -> {
      kills.add(signal.sigName() + " " + pid);
      return 0;
    };
  }

  /** Runs every timer that is due now, including ones that due timers schedule for now. */
  void runDue() {
    while (!timers.isEmpty() && timers.peek().at() <= clock.nanos()) {
      timers.poll().action().run();
    }
  }

  List<ProcessState> states() {
    return changes.stream().map(ProcessStateChange::to).toList();
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void launch(ManagedProcess process, SpawnRequest request) {
    process.launched(spawner.spawn(request));
  }

  @Override
  public void flushLaunches() {}

  @Override
  public boolean acceptsStarts() {
    return acceptsStarts;
  }

  @Override
  public void wakeAt(long nanos, Runnable action) {
    timers.add(new Timer(nanos, seq++, action));
  }

  @Override
  public Map<String, String> daemonEnvironment() {
    return Map.of("PATH", "/usr/bin:/bin", "HOME", "/root");
  }

  @Override
  public Map<String, String> supervisordEnvironment() {
    return Map.of("FROM_SUPERVISORD", "1");
  }

  @Override
  public Optional<String> serverUrl() {
    return Optional.of("unix:///tmp/supervisor.sock");
  }

  @Override
  public void attach(ManagedProcess process, SpawnResult.Spawned child) {}

  @Override
  public void stateChanged(ManagedProcess process, ProcessStateChange change) {
    changes.add(change);
  }
}
