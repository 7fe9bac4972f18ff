package org.jsupervisor.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The hand-off into the loop thread at the end of the loop's life, on the real wake-up pipe. */
class EventLoopTest {
  private static final int CALLERS = 8;

  @Test
  void everyCallMadeWhileTheLoopStopsAndClosesCompletes() throws Exception {
    var loop = new EventLoop(Clock.SYSTEM);
    var owner = new Thread(loop::run, "loop");
    owner.start();
    var futures = new ConcurrentLinkedQueue<CompletableFuture<Integer>>();
    var ran = new AtomicInteger();
    var closed = new AtomicBoolean();
    var callers = new ArrayList<Thread>();
    for (int i = 0; i < CALLERS; i++) {
      var t = new Thread(() -> {
        int n = 0;
        while (!closed.get()) {
          CompletableFuture<Integer> f = loop.call(ran::incrementAndGet);
          futures.add(f);
          n++;
          while (n % 64 == 0 && !f.isDone() && !closed.get()) {
            Thread.yield(); // at most 64 calls in flight per caller
          }
        }
        futures.add(loop.call(ran::incrementAndGet)); // certainly after close()
      }, "caller-" + i);
      callers.add(t);
      t.start();
    }
    // Stop while the callers are busy: some calls run, some are queued after the last turn.
    awaitTrue(() -> ran.get() >= 1000);
    loop.stop();
    owner.join(TimeUnit.SECONDS.toMillis(10));
    assertTrue(!owner.isAlive(), "the loop stopped");
    loop.close();
    closed.set(true);
    for (Thread t : callers) {
      t.join(TimeUnit.SECONDS.toMillis(10));
      assertTrue(!t.isAlive(), t.getName());
    }

    int completed = 0;
    int abandoned = 0;
    for (CompletableFuture<Integer> f : futures) {
      assertTrue(f.isDone(), "every call is complete once close() and the callers returned");
      try {
        f.get();
        completed++;
      } catch (ExecutionException e) {
        assertInstanceOf(LoopClosedException.class, e.getCause());
        abandoned++;
      }
    }
    assertEquals(ran.get(), completed, "a call either ran or was abandoned, never both");
    assertTrue(abandoned >= CALLERS, "each caller's last call was abandoned: " + abandoned);
  }

  @Test
  void commandsQueuedWhileTheLoopIsStoppedRunOnItsNextRun() throws Exception {
    var loop = new EventLoop(Clock.SYSTEM);
    var first = new Thread(loop::run, "loop-1");
    first.start();
    loop.call(() -> null).get(10, TimeUnit.SECONDS); // running: run() clears an earlier stop()
    loop.stop();
    first.join(TimeUnit.SECONDS.toMillis(10));
    CompletableFuture<String> queued = loop.call(() -> Thread.currentThread().getName());
    var executed = new CountDownLatch(1);
    loop.execute(executed::countDown);
    var second = new Thread(loop::run, "loop-2"); // a restart runs the same loop again
    second.start();
    assertEquals("loop-2", queued.get(10, TimeUnit.SECONDS));
    assertTrue(executed.await(10, TimeUnit.SECONDS));
    loop.stop();
    second.join(TimeUnit.SECONDS.toMillis(10));
    loop.close();
  }

  @Test
  void aClosedLoopAbandonsCallsAndRefusesToRun() {
    var loop = new EventLoop(Clock.SYSTEM);
    CompletableFuture<Integer> before = loop.call(() -> 1);
    loop.close();
    assertTrue(before.isCompletedExceptionally(), "queued before close, never run");
    CompletableFuture<Integer> after = loop.call(() -> 2);
    assertTrue(after.isCompletedExceptionally(), "made after close");
    var e = assertThrows(ExecutionException.class, after::get);
    assertInstanceOf(LoopClosedException.class, e.getCause());
    loop.execute(() -> { }); // dropped, no error
    assertThrows(IllegalStateException.class, loop::run);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out");
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
