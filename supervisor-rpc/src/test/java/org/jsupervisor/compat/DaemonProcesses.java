package org.jsupervisor.compat;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsupervisor.daemon.SupervisordMain;

/** Starts and stops daemons (ours or Python's) as child processes; every one is killed by pid. */
final class DaemonProcesses implements AutoCloseable {
  private final List<Process> started = new ArrayList<>();

  /** Our supervisord in the foreground, in a separate JVM, so this JVM may start processes. */
  Process startOurs(Path dir, Path conf) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Djsupervisor.argv0=supervisord", SupervisordMain.class.getName(), "-n", "-c",
        conf.toString()).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(dir.resolve("jsupervisord.out").toFile());
    return track(pb.start());
  }

  Process track(Process p) {
    started.add(p);
    return p;
  }

  /** Waits until something accepts connections on the unix socket. */
  static void awaitSocket(Path socket, Process daemon, Path outFile) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!daemon.isAlive()) {
        fail("daemon exited " + daemon.exitValue() + ": " + read(outFile));
      }
      if (Files.exists(socket)) {
        try (var ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
          ch.connect(UnixDomainSocketAddress.of(socket));
          return;
        } catch (IOException e) {
          // not yet listening
        }
      }
      Thread.sleep(50);
    }
    fail("daemon did not listen on " + socket + ": " + read(outFile));
  }

  static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Waits for {@code p} to exit by itself, else kills it (and its children) by pid. */
  static boolean awaitExit(Process p, long seconds) throws InterruptedException {
    return p.waitFor(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : started) {
      if (p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy(); // SIGTERM by pid: both daemons stop their children on it
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          p.waitFor(5, TimeUnit.SECONDS);
        }
      }
    }
  }
}
