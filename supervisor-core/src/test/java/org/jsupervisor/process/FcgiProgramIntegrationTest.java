package org.jsupervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.jsupervisor.config.Config;
import org.jsupervisor.config.ConfigLoader;
import org.jsupervisor.config.GroupConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [fcgi-program:x]} on the real engine: the group's socket is every process's fd 0, real
 * children accept on it, and it lives as long as some process of the group may use it.
 */
class FcgiProgramIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * Accepts one connection on fd 0, answers with its pid and then accepts no more: the next
   * connection has to be served by another process, whatever the kernel's choice of acceptor.
   */
  private static final String ONE_SHOT_SERVER = """
      import os, socket, time
      listener = socket.socket(fileno=0)
      connection, _ = listener.accept()
      connection.sendall(b"%d\\n" % os.getpid())
      connection.close()
      time.sleep(1000)
      """;

  @TempDir Path dir;

  private Path writeConfig(String socket, String extra) throws IOException {
    Files.writeString(dir.resolve("server.py"), ONE_SHOT_SERVER);
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, """
        [supervisord]
        logfile=%(here)s/supervisord.log
        pidfile=%(here)s/supervisord.pid
        childlogdir=%(here)s

        [fcgi-program:web]
        command=python3 %(here)s/server.py
        socket=SOCKET
        process_name=%(program_name)s_%(process_num)d
        startsecs=0
        stopwaitsecs=5
        """.replace("SOCKET", socket) + extra);
    return conf;
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String read(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  private static String askTcp(int port) throws IOException {
    try (var s = new Socket()) {
      s.setSoTimeout((int) WAIT.toMillis());
      s.connect(new InetSocketAddress("127.0.0.1", port));
      return read(s.getInputStream());
    }
  }

  private static String askUnix(Path file) throws IOException {
    try (var ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(file));
      return read(Channels.newInputStream(ch));
    }
  }

  private static boolean refusesUnix(Path file) {
    try (var ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(file));
      ch.write(ByteBuffer.allocate(1));
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static void awaitAll(Engine e, ProcessState state, int count) {
    e.await(count + " processes " + state, WAIT, s -> s.allProcesses().size() == count
        && s.allProcesses().stream().allMatch(p -> p.state() == state));
  }

  private static Set<String> pids(Engine e) {
    var pids = new HashSet<String>();
    for (int pid : e.call(s -> s.allProcesses().stream().map(ManagedProcess::pid).toList())) {
      pids.add(Integer.toString(pid));
    }
    return pids;
  }

  @Test
  void threeProcessesShareOneTcpSocketAndEachServesAConnection() throws Exception {
    int port = freePort();
    Config config = ConfigLoader.load(writeConfig("tcp://127.0.0.1:" + port, "numprocs=3\n"));
    try (var e = new Engine(config)) {
      awaitAll(e, ProcessState.RUNNING, 3);
      Set<String> answers = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        answers.add(askTcp(port));
      }
      assertEquals(pids(e), answers, "each process accepted one of the connections");
      for (String pid : answers) {
        String fd0 = Files.readSymbolicLink(Path.of("/proc", pid, "fd", "0")).toString();
        assertTrue(fd0.startsWith("socket:"), pid + "'s fd 0 is " + fd0);
      }
      assertEquals(List.of(false, false, false),
          e.call(s -> s.allProcesses().stream().map(p -> s.stdinOf(p).orElseThrow().open()).toList()),
          "no stdin pipe: sendProcessStdin has nothing to write to");
    }
  }

  @Test
  void aUnixSocketIsCreatedWithItsModeAndRemovedWhenNoProcessHoldsIt() throws Exception {
    Path file = dir.resolve("web.sock");
    Config config = ConfigLoader.load(writeConfig("unix://%(here)s/%(program_name)s.sock",
        "numprocs=2\nsocket_mode=0660\n"));
    try (var e = new Engine(config)) {
      awaitAll(e, ProcessState.RUNNING, 2);
      assertEquals("rw-rw----", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)));
      Set<String> answers = new HashSet<>(List.of(askUnix(file), askUnix(file)));
      assertEquals(pids(e), answers);

      e.call(s -> {
        s.allProcesses().forEach(ManagedProcess::stop);
        return null;
      });
      awaitAll(e, ProcessState.STOPPED, 2);
      assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS),
          "the last process of the group is gone: the socket is closed and its file removed");
      boolean open = e.call(s -> s.group("web").orElseThrow().socketOpen());
      assertFalse(open);

      e.onProcess("web_0", p -> {
        p.spawn();
        return null;
      });
      e.awaitState("web_0", ProcessState.RUNNING, WAIT);
      assertEquals(Integer.toString(e.pid("web_0")), askUnix(file), "created again for a spawn");
      e.shutdown();
      assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS), "removed when the daemon stops");
      assertTrue(refusesUnix(file));
    }
  }

  @Test
  void aSocketThatCannotBeCreatedFailsTheGroupOrTheSpawn() throws Exception {
    int port = freePort();
    // No retries: the failed spawn goes BACKOFF and at once FATAL, where it stays.
    Config config = ConfigLoader.load(writeConfig("tcp://127.0.0.1:" + port,
        "autostart=false\nstartretries=0\n"));
    try (var e = new Engine(config); var taken = new ServerSocket()) {
      e.await("group active", WAIT, s -> s.group("web").isPresent());
      taken.bind(new InetSocketAddress("127.0.0.1", port));
      String expected = "Could not create FastCGI socket tcp://127.0.0.1:" + port
          + ": [Errno 98] Address already in use";

      e.onProcess("web_0", p -> {
        p.spawn();
        return null;
      });
      e.awaitState("web_0", ProcessState.FATAL, WAIT);
      assertEquals(List.of(ProcessState.STARTING, ProcessState.BACKOFF, ProcessState.FATAL),
          e.statesOf("web_0"));
      assertEquals(expected, e.onProcess("web_0", ManagedProcess::spawnerr));

      GroupConfig again = config.group("web").orElseThrow();
      var failure = assertThrows(AssertionError.class, () -> e.call(s -> {
        s.removeGroup("web");
        try {
          return s.addGroup(again);
        } catch (IOException io) {
          throw new CompletionException(io);
        }
      }));
      Throwable cause = failure.getCause();
      while (!(cause instanceof FcgiSocketException) && cause.getCause() != null) {
        cause = cause.getCause();
      }
      assertInstanceOf(FcgiSocketException.class, cause);
      assertEquals(expected, cause.getMessage());
      boolean added = e.call(s -> s.group("web").isPresent());
      assertFalse(added, "the group was not added");
    }
  }
}
