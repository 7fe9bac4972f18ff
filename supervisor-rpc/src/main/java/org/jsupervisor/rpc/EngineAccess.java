package org.jsupervisor.rpc;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jsupervisor.loop.EventLoop;
import org.jsupervisor.loop.LoopClosedException;
import org.jsupervisor.process.ManagedProcess;
import org.jsupervisor.process.ProcessGroup;
import org.jsupervisor.process.Supervisor;

/**
 * The RPC side's only door into process state: every read and command runs on the loop thread.
 * What follows (wording and writing the answer, reading files) runs on {@code io}: every future
 * handed out here completes there, never on the loop thread, so no caller's continuation (the
 * XML of a thousand processes, a web page) can hold up the loop.
 *
 * <p>And they all complete, even when the loop ends around the call: a call
 * that reaches the loop after its last turn is answered when the daemon closes the loop (with
 * SHUTDOWN_STATE, or the any-mood answer), or by the next generation's loop after a restart,
 * whose mood check faults it the same way. An HTTP request never waits on a loop that is gone.
 */
final class EngineAccess {
  final EventLoop loop;
  final Supervisor supervisor;
  final Executor io;
  /** Set once every process stopped at shutdown: the loop may be gone, so nothing is queued. */
  private volatile boolean stopped;

  EngineAccess(EventLoop loop, Supervisor supervisor, Executor io) {
    this.loop = loop;
    this.supervisor = supervisor;
    this.io = command -> {
      try {
        io.execute(command);
      } catch (RejectedExecutionException e) {
        command.run(); // the servers are closing: nobody waits for this answer any more
      }
    };
    loop.execute(() -> supervisor.onStopped(() -> stopped = true));
  }

  /**
   * Runs {@code f} on the loop whatever the mood; once every process has stopped (the loop may
   * be gone) answers {@code whenStopped} instead.
   */
  <T> CompletableFuture<T> callInAnyMood(Supplier<T> f, T whenStopped) {
    if (stopped) {
      return CompletableFuture.completedFuture(whenStopped);
    }
    return offLoop(ifClosed(loop.call(f), () -> whenStopped));
  }

  /** Runs {@code f} on the loop, first faulting SHUTDOWN_STATE unless supervisord is RUNNING. */
  <T> CompletableFuture<T> call(Function<Supervisor, T> f) {
    return offLoop(onLoop(f));
  }

  /**
   * As {@link #call} for an answer that depends only on the mood, which the supervisor publishes
   * to every thread: given at once, without waiting for the loop, which may be busy with a chunk
   * of spawns or with creating a thousand log files. Monitoring polls getState; it must not stall.
   */
  <T> CompletableFuture<T> callWithMood(Function<Supervisor.Mood, T> f) {
    Supervisor.Mood mood = supervisor.mood(); // read once: the answer matches the check
    if (stopped || loop.isClosed() || mood != Supervisor.Mood.RUNNING) {
      return CompletableFuture.failedFuture(new Fault(FaultCode.SHUTDOWN_STATE));
    }
    return CompletableFuture.completedFuture(f.apply(mood));
  }

  /** As {@link #call} for commands whose answer may itself be deferred. */
  CompletableFuture<Object> compose(Function<Supervisor, CompletableFuture<Object>> f) {
    // A deferred answer (a process that settles) completes on the loop: hop after it.
    return offLoop(onLoop(f).thenCompose(Function.identity()));
  }

  private <T> CompletableFuture<T> onLoop(Function<Supervisor, T> f) {
    if (stopped) {
      return CompletableFuture.failedFuture(new Fault(FaultCode.SHUTDOWN_STATE));
    }
    return ifClosed(loop.call(() -> {
      if (supervisor.mood() != Supervisor.Mood.RUNNING) {
        throw new Fault(FaultCode.SHUTDOWN_STATE);
      }
      return f.apply(supervisor);
    }), () -> {
      throw new Fault(FaultCode.SHUTDOWN_STATE);
    });
  }

  /** The same outcome, delivered on {@code io}. */
  private <T> CompletableFuture<T> offLoop(CompletableFuture<T> answer) {
    return answer.whenCompleteAsync((value, error) -> { }, io);
  }

  /** {@code answer}, except that a command the closed loop never ran gets {@code instead}. */
  private static <T> CompletableFuture<T> ifClosed(CompletableFuture<T> answer,
      Supplier<T> instead) {
    return answer.handle((value, error) -> {
      if (error == null) {
        return value;
      }
      Throwable cause = RpcDispatcher.unwrap(error);
      if (cause instanceof LoopClosedException) {
        return instead.get();
      }
      throw error instanceof CompletionException c ? c : new CompletionException(cause);
    });
  }

  /**
   * A namespec as supervisord splits it: {@code name} is {@code name:name}; {@code g:*} and
   * {@code g:} name the whole group (empty process). Unknown group or process: BAD_NAME.
   */
  record Target(ProcessGroup group, Optional<ManagedProcess> process) {}

  static Target resolve(Supervisor s, String namespec) {
    String groupName;
    String processName;
    int colon = namespec.indexOf(':');
    if (colon >= 0) {
      groupName = namespec.substring(0, colon);
      processName = namespec.substring(colon + 1);
      if (processName.isEmpty() || processName.equals("*")) {
        processName = null;
      }
    } else {
      groupName = namespec;
      processName = namespec;
    }
    ProcessGroup group = s.group(groupName).orElseThrow(() -> new Fault(FaultCode.BAD_NAME, namespec));
    if (processName == null) {
      return new Target(group, Optional.empty());
    }
    String wanted = processName;
    ManagedProcess p = group.processes().stream().filter(x -> x.name().equals(wanted)).findFirst()
        .orElseThrow(() -> new Fault(FaultCode.BAD_NAME, namespec));
    return new Target(group, Optional.of(p));
  }

  static ManagedProcess process(Supervisor s, String namespec) {
    return resolve(s, namespec).process().orElseThrow(() -> new Fault(FaultCode.BAD_NAME, namespec));
  }

  /** Every process in priority order (groups by priority, then each group's by priority). */
  static List<ManagedProcess> byPriority(Supervisor s) {
    return s.groupsByPriority().stream().flatMap(g -> g.byPriority().stream()).toList();
  }
}
