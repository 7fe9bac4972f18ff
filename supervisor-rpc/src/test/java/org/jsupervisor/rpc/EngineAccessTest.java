package org.jsupervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsupervisor.config.ConfigLoader;
import org.jsupervisor.loop.Clock;
import org.jsupervisor.loop.EventLoop;
import org.jsupervisor.process.ManagedProcess;
import org.jsupervisor.process.SpawnResult;
import org.jsupervisor.process.Supervisor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RPC calls at the end of the loop's life, with the engine in this JVM (no programs, so nothing
 * is spawned): every call is answered, by the loop or with SHUTDOWN_STATE, none waits forever.
 */
class EngineAccessTest {
  private static final int CALLERS = 8;

  @TempDir Path dir;
  private EventLoop loop;
  private Supervisor supervisor;
  private RpcDispatcher dispatcher;

  @BeforeEach
  void engine() throws Exception {
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("supervisord.log")
        + "\nchildlogdir=" + dir + "\n");
    loop = new EventLoop(Clock.SYSTEM);
    supervisor = new Supervisor(ConfigLoader.load(conf), loop,
        request -> new SpawnResult.Failed("nothing is spawned here"),
        ManagedProcess.Signaller.POSIX, Map.of());
    supervisor.onStopped(loop::stop);
    dispatcher = new RpcDispatcher();
    new SupervisorNamespace(loop, supervisor, new SupervisorControl() {
      @Override
      public void shutdown() {
        supervisor.shutdown(Supervisor.Mood.SHUTDOWN);
      }

      @Override
      public void restart() {}

      @Override
      public void reopenMainLog() {}
    }, Runnable::run).registerIn(dispatcher);
  }

  @AfterEach
  void close() {
    loop.close();
  }

  @Test
  void everyCallMadeWhileTheLoopStopsAndClosesIsAnswered() throws Exception {
    var owner = new Thread(loop::run, "loop");
    owner.start();
    loop.call(() -> {
      try {
        supervisor.start();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return null;
    }).get(10, TimeUnit.SECONDS);
    var futures = new ConcurrentLinkedQueue<CompletableFuture<Object>>();
    var answered = new AtomicInteger();
    var closed = new AtomicBoolean();
    var callers = new ArrayList<Thread>();
    for (int i = 0; i < CALLERS; i++) {
      var t = new Thread(() -> {
        int n = 0;
        while (!closed.get()) {
          CompletableFuture<Object> f = dispatcher.call("supervisor.getState", List.of());
          f.thenRun(answered::incrementAndGet);
          futures.add(f);
          n++;
          while (n % 64 == 0 && !f.isDone() && !closed.get()) {
            Thread.yield(); // at most 64 calls in flight per caller
          }
        }
        futures.add(dispatcher.call("supervisor.getState", List.of())); // after close()
      }, "caller-" + i);
      callers.add(t);
      t.start();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (answered.get() < 500) {
      assertTrue(System.nanoTime() < deadline, "calls are answered while running");
      Thread.yield();
    }
    // No process to stop: the supervisor stops at once, and with it the loop.
    dispatcher.call("supervisor.shutdown", List.of()).get(10, TimeUnit.SECONDS);
    owner.join(TimeUnit.SECONDS.toMillis(10));
    assertTrue(!owner.isAlive(), "the loop stopped");
    loop.close();
    closed.set(true);
    for (Thread t : callers) {
      t.join(TimeUnit.SECONDS.toMillis(10));
      assertTrue(!t.isAlive(), t.getName());
    }

    int running = 0;
    int shutdownState = 0;
    for (CompletableFuture<Object> f : futures) {
      try {
        Object state = f.get(5, TimeUnit.SECONDS);
        assertEquals("RUNNING", ((Map<?, ?>) state).get("statename"));
        running++;
      } catch (ExecutionException e) {
        Fault fault = assertInstanceOf(Fault.class, RpcDispatcher.unwrap(e.getCause()));
        assertEquals("SHUTDOWN_STATE", fault.faultString());
        shutdownState++;
      }
    }
    assertTrue(running >= 500, "answered by the loop: " + running);
    assertTrue(shutdownState >= CALLERS, "faulted once the loop ended: " + shutdownState);
  }

  @Test
  void getStateIsAnsweredWhileTheLoopIsBusy() throws Exception {
    var owner = new Thread(loop::run, "loop");
    owner.start();
    var release = new java.util.concurrent.CountDownLatch(1);
    loop.execute(() -> {
      try {
        release.await(); // a long chunk of spawns, say
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      Object state = dispatcher.call("supervisor.getState", List.of()).get(5, TimeUnit.SECONDS);
      assertEquals("RUNNING", ((Map<?, ?>) state).get("statename"));
      CompletableFuture<Object> viaLoop = dispatcher.call("supervisor.getPID", List.of());
      assertTrue(!viaLoop.isDone(), "getPID waits for the loop");
      release.countDown();
      viaLoop.get(5, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      loop.stop();
      owner.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  @Test
  void aClosedLoopAnswersShutdownStateButSendRemoteCommEventStillSucceeds() throws Exception {
    loop.close(); // never run: the supervisor never started, nothing ever stopped it either
    var e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> dispatcher.call("supervisor.getState", List.of()).get(5, TimeUnit.SECONDS));
    assertEquals("SHUTDOWN_STATE", RpcDispatcher.asFault(e.getCause()).faultString());
    assertEquals(Boolean.TRUE, dispatcher.call("supervisor.sendRemoteCommEvent",
        List.of("type", "data")).get(5, TimeUnit.SECONDS));
  }
}
