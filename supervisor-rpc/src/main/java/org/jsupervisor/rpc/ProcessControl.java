package org.jsupervisor.rpc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jsupervisor.process.CommandResolution;
import org.jsupervisor.process.CommandResolver;
import org.jsupervisor.process.ManagedProcess;
import org.jsupervisor.process.ProcessState;
import org.jsupervisor.process.ProcessStateChange;
import org.jsupervisor.process.Signal;
import org.jsupervisor.process.Supervisor;

/**
 * startProcess, stopProcess, signalProcess and their group and all-process forms. Everything
 * here runs on the loop thread. A call that waits ({@code wait=true}) is a future completed by a
 * state listener when the process settles, so no thread blocks while a process starts.
 */
final class ProcessControl {
  /** Decides a waiting call: empty while not done, a value when done; may throw a Fault. */
  private interface Check {
    Optional<Object> check();
  }

  private record Waiter(ManagedProcess process, Check check, CompletableFuture<Object> result) {}

  private final List<Waiter> waiters = new ArrayList<>();

  private static final long POLL_NANOS = 50_000_000L;
  private final org.jsupervisor.loop.EventLoop loop;

  ProcessControl(org.jsupervisor.loop.EventLoop loop, Supervisor supervisor) {
    this.loop = loop;
    supervisor.addStateListener(this::stateChanged);
  }

  private void stateChanged(ProcessStateChange change) {
    if (waiters.isEmpty()) {
      return;
    }
    // Copy: completing a future may run code that registers new waiters.
    for (Waiter w : List.copyOf(waiters)) {
      if (w.process().group().equals(change.group()) && w.process().name().equals(change.name())) {
        settle(w);
      }
    }
  }

  private void settle(Waiter w) {
    Optional<Object> done;
    try {
      done = w.check().check();
    } catch (Fault f) {
      waiters.remove(w);
      w.result().completeExceptionally(f);
      return;
    }
    if (done.isPresent()) {
      waiters.remove(w);
      w.result().complete(done.get());
    }
  }

  private CompletableFuture<Object> await(ManagedProcess p, Check check) {
    var w = new Waiter(p, check, new CompletableFuture<>());
    waiters.add(w);
    settle(w); // it may already be settled
    return w.result();
  }

  // start

  CompletableFuture<Object> startProcess(Supervisor s, String name, boolean wait) {
    var target = EngineAccess.resolve(s, name);
    if (target.process().isEmpty()) {
      return startGroup(s, target.group().byPriority(), wait);
    }
    return startOne(s, target.process().get(), name, wait);
  }

  CompletableFuture<Object> startGroup(Supervisor s, List<ManagedProcess> processes, boolean wait) {
    return forEach(processes, p -> !p.state().isRunning(),
        p -> startOne(s, p, p.namespec(), wait));
  }

  private CompletableFuture<Object> startOne(Supervisor s, ManagedProcess p, String name,
      boolean wait) {
    // The command is checked first, even before ALREADY_STARTED, as supervisord does.
    if (CommandResolver.resolve(p.config().command(), environment(s, p))
        instanceof CommandResolution.Unresolved u) {
      throw new Fault(u.notExecutable() ? FaultCode.NOT_EXECUTABLE : FaultCode.NO_FILE, u.spawnerr());
    }
    if (p.state().isRunning()) {
      throw new Fault(FaultCode.ALREADY_STARTED, name);
    }
    if (p.state() == ProcessState.UNKNOWN) {
      throw new Fault(FaultCode.FAILED, name + " is in an unknown process state");
    }
    p.spawn();
    p.tick(); // as supervisord's transition(): startsecs=0 is RUNNING at once
    if (!p.spawnerr().isEmpty()) {
      throw new Fault(FaultCode.SPAWN_ERROR, name);
    }
    if (!wait) {
      return CompletableFuture.completedFuture(true);
    }
    return await(p, () -> {
      if (!p.spawnerr().isEmpty()) {
        throw new Fault(FaultCode.SPAWN_ERROR, name);
      }
      return switch (p.state()) {
        case RUNNING -> Optional.of(true);
        case STARTING -> Optional.empty();
        default -> throw new Fault(FaultCode.ABNORMAL_TERMINATION, name);
      };
    });
  }

  /** Close to the environment the child gets, for resolving its command against PATH. */
  private static Map<String, String> environment(Supervisor s, ManagedProcess p) {
    var env = new HashMap<>(System.getenv());
    env.putAll(s.config().supervisord().environment());
    env.putAll(p.config().environment());
    return env;
  }

  // stop

  CompletableFuture<Object> stopProcess(Supervisor s, String name, boolean wait) {
    var target = EngineAccess.resolve(s, name);
    if (target.process().isEmpty()) {
      return stopGroup(target.group().byPriority(), wait);
    }
    return stopOne(target.process().get(), name, wait);
  }

  CompletableFuture<Object> stopGroup(List<ManagedProcess> processes, boolean wait) {
    return forEach(processes, p -> p.state().isRunning(), p -> stopOne(p, p.namespec(), wait));
  }

  private CompletableFuture<Object> stopOne(ManagedProcess p, String name, boolean wait) {
    if (!p.state().isRunning()) {
      throw new Fault(FaultCode.NOT_RUNNING, name);
    }
    Optional<String> problem = p.stop();
    if (problem.isPresent()) {
      throw new Fault(FaultCode.FAILED, problem.get());
    }
    if (!wait) {
      return CompletableFuture.completedFuture(true);
    }
    return await(p, () -> p.state().isStopped() ? Optional.of(true) : Optional.empty());
  }

  // signal

  Object signalProcess(Supervisor s, String name, String signal) {
    var target = EngineAccess.resolve(s, name);
    if (target.process().isEmpty()) {
      return signalGroup(target.group().byPriority(), signal);
    }
    signalOne(target.process().get(), name, signal);
    return true;
  }

  Object signalGroup(List<ManagedProcess> processes, String signal) {
    return forEach(processes, p -> p.state().isSignallable(), p -> {
      signalOne(p, p.namespec(), signal);
      return CompletableFuture.completedFuture(true);
    }).join(); // every entry is immediate
  }

  private static void signalOne(ManagedProcess p, String name, String signalText) {
    Signal sig = Signal.parse(signalText)
        .orElseThrow(() -> new Fault(FaultCode.BAD_SIGNAL, signalText));
    if (!p.state().isSignallable()) {
      throw new Fault(FaultCode.NOT_RUNNING, name);
    }
    int errno = p.signal(sig);
    if (errno != 0) {
      throw new Fault(FaultCode.FAILED, "unknown problem sending sig " + name + " ("
          + p.pid() + "):errno " + errno);
    }
  }

  // results

  /**
   * Applies {@code action} to each process that passes {@code predicate}; the result array lists
   * them in completion order (immediate answers first), each {@code {name, group, status,
   * description}}.
   */
  private CompletableFuture<Object> forEach(List<ManagedProcess> processes,
      java.util.function.Predicate<ManagedProcess> predicate,
      Function<ManagedProcess, CompletableFuture<Object>> action) {
    var results = new ArrayList<Object>();
    var deferred = new ArrayList<Deferred>();
    for (ManagedProcess p : processes) {
      if (!predicate.test(p)) {
        continue;
      }
      CompletableFuture<Object> f;
      try {
        f = action.apply(p);
      } catch (Fault fault) {
        results.add(entry(p, fault));
        continue;
      }
      if (f.isDone()) {
        results.add(outcome(p, f));
      } else {
        deferred.add(new Deferred(p, f));
      }
    }
    var all = new CompletableFuture<Object>();
    if (deferred.isEmpty()) {
      all.complete(results);
      return all;
    }
    // supervisord polls its deferred calls in list order (at most every 50 ms, and notices
    // exits late): those that finish close together are reported in list order, not reaping
    // order. So completions are collected for 50 ms and flushed in list order, on the loop
    // thread (where every completion happens), so the lists need no lock.
    var flushQueued = new boolean[1];
    Runnable flush = () -> {
      flushQueued[0] = false;
      for (var it = deferred.iterator(); it.hasNext(); ) {
        Deferred d = it.next();
        if (d.result().isDone()) {
          results.add(outcome(d.process(), d.result()));
          it.remove();
        }
      }
      if (deferred.isEmpty()) {
        all.complete(results);
      }
    };
    for (Deferred d : List.copyOf(deferred)) {
      d.result().whenComplete((v, e) -> {
        if (!flushQueued[0]) {
          flushQueued[0] = true;
          loop.at(loop.clock().nanos() + POLL_NANOS, flush);
        }
      });
    }
    return all;
  }

  private record Deferred(ManagedProcess process, CompletableFuture<Object> result) {}

  private static Map<String, Object> outcome(ManagedProcess p, CompletableFuture<Object> done) {
    try {
      done.join();
      return entry(p, null);
    } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
      return entry(p, RpcDispatcher.asFault(e));
    }
  }


  static Map<String, Object> entry(ManagedProcess p, Fault fault) {
    var m = new LinkedHashMap<String, Object>();
    m.put("name", p.name());
    m.put("group", p.group());
    m.put("status", fault == null ? FaultCode.SUCCESS.code() : fault.code());
    m.put("description", fault == null ? "OK" : fault.faultString());
    return m;
  }
}
