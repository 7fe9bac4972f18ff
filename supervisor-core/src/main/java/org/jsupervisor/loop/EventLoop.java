package org.jsupervisor.loop;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jsupervisor.posix.Poller;
import org.jsupervisor.posix.Reaper;
import org.jsupervisor.posix.WakeupPipe;

/**
 * The owner thread of all process state. Each turn it waits in {@code poll(2)} until a child pipe
 * is readable, the wake-up pipe is written (a command, a signal) or the next timer is due; then it
 * handles readable pipes, reaps every exited child (after a SIGCHLD), runs queued commands and
 * fires due timers.
 * Nothing here ticks once a second: the poll timeout is the next deadline.
 *
 * <p>Other threads reach process state only through {@link #execute} and {@link #call}. Commands
 * queued while the loop is not running wait for the next {@link #run()} (a restart runs it
 * again); once the loop is {@link #close() closed} no command runs any more, and every
 * {@link #call} still queued, or made later, fails with {@link LoopClosedException}, so that no
 * caller waits forever on a loop that has gone.
 */
public final class EventLoop implements Reactor, AutoCloseable {
  /** Called on the loop thread for every reaped child: (pid, raw wait status). */
  public interface ChildExitHandler {
    void exited(int pid, int waitStatus);
  }

  private record Timer(long at, long seq, Runnable action) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }
  }

  private final Clock clock;
  private final Poller poller = new Poller();
  private final Reaper reaper = new Reaper();
  private final WakeupPipe wakeup = new WakeupPipe();
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  /** Polled in the order watched: a child's stdout is read before its stderr, as supervisord. */
  private final Map<Integer, Runnable> watched = new LinkedHashMap<>();
  private final Map<Integer, Runnable> writable = new LinkedHashMap<>();
  private ChildExitHandler childExitHandler = (pid, status) -> { };
  private Consumer<Runnable> timerScope = Runnable::run;
  private long timerSeq;
  private volatile boolean stopRequested;
  /**
   * Set by {@link #childExited()}: waitpid costs time in proportion to the number of children,
   * so with a thousand of them the loop asks only after a SIGCHLD. True at first, for children
   * that exited before the handler was installed.
   */
  private volatile boolean reapPending = true;
  private volatile boolean closed;
  private volatile Thread owner;

  private int[] fds = new int[16];
  private short[] events = new short[16];
  private short[] revents = new short[16];
  private Runnable[] handlers = new Runnable[16];
  private boolean fdsChanged = true;
  private int fdCount;

  public EventLoop(Clock clock) {
    this.clock = clock;
  }

  public void onChildExit(ChildExitHandler handler) {
    this.childExitHandler = handler;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void at(long nanos, Runnable action) {
    assertOwner();
    timers.add(new Timer(nanos, timerSeq++, action));
  }

  @Override
  public void scopeTimers(Consumer<Runnable> scope) {
    assertOwner();
    timerScope = scope;
  }

  @Override
  public void watch(int fd, Runnable onReadable) {
    assertOwner();
    watched.put(fd, onReadable);
    fdsChanged = true;
  }

  @Override
  public void unwatch(int fd) {
    assertOwner();
    if (watched.remove(fd) != null) {
      fdsChanged = true;
    }
  }

  @Override
  public void watchWritable(int fd, Runnable onWritable) {
    assertOwner();
    writable.put(fd, onWritable);
    fdsChanged = true;
  }

  @Override
  public void unwatchWritable(int fd) {
    assertOwner();
    if (writable.remove(fd) != null) {
      fdsChanged = true;
    }
  }

  /**
   * Queues {@code command} for the loop thread; safe from any thread. On a closed loop the
   * command is dropped.
   */
  public void execute(Runnable command) {
    commands.add(command);
    if (closed) {
      // close() may have emptied the queue just before our add: nobody else would look again.
      abandonQueued();
    } else {
      wakeup.wake();
    }
  }

  /**
   * Runs {@code command} on the loop thread and completes the future with its result, or with
   * {@link LoopClosedException} if the loop is closed before the command's turn.
   */
  public <T> CompletableFuture<T> call(Supplier<T> command) {
    var call = new Call<>(command);
    execute(call);
    return call.result;
  }

  /** A queued {@link #call}: run on the loop, or abandoned at close; either completes it. */
  private static final class Call<T> implements Runnable {
    final CompletableFuture<T> result = new CompletableFuture<>();
    private final Supplier<T> command;

    Call(Supplier<T> command) {
      this.command = command;
    }

    @Override
    public void run() {
      try {
        result.complete(command.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }

    void abandon() {
      result.completeExceptionally(new LoopClosedException());
    }
  }

  /**
   * Empties the queue without running anything. Safe to race with another drain and with adds:
   * each command is polled, and so abandoned, exactly once.
   */
  private void abandonQueued() {
    Runnable command;
    while ((command = commands.poll()) != null) {
      if (command instanceof Call<?> call) {
        call.abandon();
      }
    }
  }

  /** Wakes the loop so it looks at its queues; safe from any thread and handler. */
  public void wakeup() {
    wakeup.wake();
  }

  /** SIGCHLD arrived: the loop reaps in its next turn. Safe from any thread and handler. */
  public void childExited() {
    reapPending = true;
    wakeup.wake();
  }

  /** Makes {@link #run()} return after the current turn; safe from any thread. */
  public void stop() {
    stopRequested = true;
    wakeup.wake();
  }

  /** Whether {@link #close()} was called: no command will run any more. Safe from any thread. */
  public boolean isClosed() {
    return closed;
  }

  public boolean isLoopThread() {
    return Thread.currentThread() == owner;
  }

  /**
   * Runs turns on the calling thread, which becomes the owner, until {@link #stop()}. Commands
   * queued after the last turn stay queued for the next run, or are abandoned by close.
   */
  public void run() {
    if (closed) {
      throw new IllegalStateException("the event loop is closed");
    }
    owner = Thread.currentThread();
    stopRequested = false;
    while (!stopRequested) {
      turn();
    }
  }

  private void turn() {
    if (fdsChanged) {
      rebuildPollSet();
    }
    int n = poller.poll(fds, events, revents, fdCount, timeoutMillis());
    if (n > 0) {
      if (revents[0] != 0) {
        wakeup.drain();
      }
      for (int i = 1; i < fdCount; i++) {
        // A handler may unwatch another fd of this turn (a reaped child's pipes): skip it then.
        var map = events[i] == Poller.POLLOUT ? writable : watched;
        if (revents[i] != 0 && map.get(fds[i]) == handlers[i]) {
          handlers[i].run();
        }
      }
    }
    reapChildren();
    Runnable command;
    while ((command = commands.poll()) != null) {
      runSafely(command);
    }
    fireDueTimers();
  }

  private void reapChildren() {
    if (!reapPending) {
      return;
    }
    reapPending = false; // before reaping: a SIGCHLD from now on asks again
    while (true) {
      var reaped = reaper.reapOne();
      if (reaped.isEmpty()) {
        return;
      }
      int pid = reaped.get().pid();
      int status = reaped.get().waitStatus();
      runSafely(() -> childExitHandler.exited(pid, status));
    }
  }

  private void fireDueTimers() {
    long now = clock.nanos();
    if (timers.isEmpty() || timers.peek().at() > now) {
      return;
    }
    runSafely(() -> timerScope.accept(() -> {
      while (!timers.isEmpty() && timers.peek().at() <= now) {
        runSafely(timers.poll().action());
      }
    }));
  }

  private int timeoutMillis() {
    if (!commands.isEmpty()) {
      return 0;
    }
    Timer next = timers.peek();
    if (next == null) {
      return -1;
    }
    long nanos = next.at() - clock.nanos();
    if (nanos <= 0) {
      return 0;
    }
    // Round up: waking a little late is harmless, waking early costs a useless turn.
    return (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
  }

  private void rebuildPollSet() {
    int size = watched.size() + writable.size() + 1;
    if (size > fds.length) {
      int cap = Math.max(size, fds.length * 2);
      fds = new int[cap];
      events = new short[cap];
      revents = new short[cap];
      handlers = new Runnable[cap];
    }
    fds[0] = wakeup.readFd();
    events[0] = Poller.POLLIN;
    int i = 1;
    for (var e : watched.entrySet()) {
      fds[i] = e.getKey();
      events[i] = Poller.POLLIN;
      handlers[i] = e.getValue();
      i++;
    }
    // poll(2) accepts an fd twice, so a writable watch is simply an entry of its own.
    for (var e : writable.entrySet()) {
      fds[i] = e.getKey();
      events[i] = Poller.POLLOUT;
      handlers[i] = e.getValue();
      i++;
    }
    fdCount = i;
    fdsChanged = false;
  }

  /**
   * A bug in one command must not stop the loop that supervises everything else: the command
   * fails alone (its future, if any, is completed exceptionally by {@link #call}).
   */
  private static void runSafely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger("supervisord").error("internal error in the loop", e);
    }
  }

  private void assertOwner() {
    if (owner != null && Thread.currentThread() != owner) {
      throw new IllegalStateException("called off the loop thread: " + Thread.currentThread());
    }
  }

  /**
   * Ends the loop for good; call it after {@link #run()} has returned. Every command still
   * queued is dropped and every pending {@link #call} fails with {@link LoopClosedException},
   * as does every later one.
   */
  @Override
  public void close() {
    closed = true;
    abandonQueued();
    wakeup.close();
  }
}
