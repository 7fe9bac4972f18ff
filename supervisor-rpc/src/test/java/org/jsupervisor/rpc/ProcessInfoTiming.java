package org.jsupervisor.rpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jsupervisor.config.ConfigLoader;
import org.jsupervisor.loop.Clock;
import org.jsupervisor.loop.EventLoop;
import org.jsupervisor.process.ProcessState;
import org.jsupervisor.process.SpawnResult;
import org.jsupervisor.process.Supervisor;

/**
 * Not a test: a timing harness for {@code supervisor.getAllProcessInfo} with many programs, the
 * server side only (dispatcher, loop hop, answer building, XML encoding to bytes), with no HTTP
 * and no client parsing in the figures. The processes are fake (a spawner that hands out pids
 * and starts nothing), so the figures are about the RPC layer alone.
 *
 * <pre>
 * java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms8m \
 *     -cp supervisor-rpc/target/test-classes:supervisor-rpc/target/supervisor-rpc.jar:supervisor-rpc/target/lib/* \
 *     org.jsupervisor.rpc.ProcessInfoTiming [programs=1000] [calls=3000]
 * </pre>
 *
 * Prints the latency of one call (median, 90th and 99th percentile, after a warm-up), the answer
 * size, and the latency of {@code getState} while another thread calls getAllProcessInfo
 * back to back, which shows how long the loop thread is kept busy.
 */
public final class ProcessInfoTiming {
  private ProcessInfoTiming() {}

  public static void main(String[] args) throws Exception {
    int programs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
    Path dir = Files.createTempDirectory("process-info-timing");
    var conf = new StringBuilder("[supervisord]\nlogfile=" + dir.resolve("supervisord.log")
        + "\nchildlogdir=" + dir + "\nloglevel=warn\n");
    for (int i = 0; i < programs; i++) {
      conf.append(String.format("[program:prog%04d]%ncommand=/bin/sleep 100000%nstartsecs=0%n", i));
    }
    Path file = dir.resolve("supervisord.conf");
    Files.writeString(file, conf);

    var loop = new EventLoop(Clock.SYSTEM);
    int[] nextPid = {4_000_000}; // above pid_max: no real process can be signalled by mistake
    var supervisor = new Supervisor(ConfigLoader.load(file), loop,
        request -> new SpawnResult.Spawned(nextPid[0]++, -1, -1, -1), (pid, sig) -> 0,
        System.getenv());
    ExecutorService io = Executors.newFixedThreadPool(4);
    var dispatcher = new RpcDispatcher();
    new SupervisorNamespace(loop, supervisor, new SupervisorControl() {
      @Override
      public void shutdown() {}

      @Override
      public void restart() {}

      @Override
      public void reopenMainLog() {}
    }, io).registerIn(dispatcher);
    var thread = new Thread(loop::run, "loop");
    thread.start();
    loop.call(() -> {
      try {
        supervisor.start();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return null;
    }).get();
    while (!loop.call(() -> supervisor.allProcesses().stream()
        .allMatch(p -> p.state() == ProcessState.RUNNING)).get()) {
      Thread.sleep(10);
    }

    long size = answer(dispatcher);
    long[] t = new long[calls];
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      answer(dispatcher);
      t[i] = System.nanoTime() - t0;
    }
    long[] measured = Arrays.copyOfRange(t, calls / 3, calls);
    System.out.printf("getAllProcessInfo, %d programs, %d bytes: %s%n", programs, size,
        percentiles(measured));

    var running = new AtomicBoolean(true);
    var hammer = new Thread(() -> {
      while (running.get()) {
        try {
          answer(dispatcher);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
    hammer.start();
    var states = new ArrayList<Long>();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      dispatcher.call("supervisor.getState", List.of()).thenApply(XmlRpcCodec::responseBytes)
          .get().release();
      states.add(System.nanoTime() - t0);
    }
    running.set(false);
    hammer.join();
    System.out.printf("getState meanwhile (%d calls): %s%n", states.size(),
        percentiles(states.stream().mapToLong(Long::longValue).toArray()));

    loop.stop();
    thread.join();
    loop.close();
    io.shutdownNow();
  }

  /**
   * What the HTTP handler does with the answer: the bytes it sends, in pieces, given back to
   * the pool once sent (here: at once). Returns the answer's length.
   */
  private static long answer(RpcDispatcher d) throws Exception {
    ResponseBytes bytes = d.call("supervisor.getAllProcessInfo", List.of())
        .thenApply(XmlRpcCodec::responseBytes).get();
    long length = bytes.length();
    bytes.release();
    return length;
  }

  private static String percentiles(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return String.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms", ms(s[s.length / 2]),
        ms(s[(int) (s.length * 0.9)]), ms(s[(int) (s.length * 0.99)]));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
