package org.jsupervisor.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;
import org.jsupervisor.config.FcgiSocketConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unix sockets of FastCGI groups: ownership, mode, and which files they replace or remove. */
class ListeningSocketTest {
  @TempDir Path dir;

  private static FcgiSocketConfig unix(Path file, OptionalInt uid, OptionalInt gid, int mode) {
    return new FcgiSocketConfig("unix://" + file, 5, uid, gid, mode);
  }

  private static void connect(Path file) throws IOException {
    try (var ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(file));
    }
  }

  @Test
  void aUnixSocketGetsItsOwnerAndModeAndItsFileGoesWithIt() throws Exception {
    assumeTrue(LibC.INSTANCE.getuid() == 0, "needs root to chown");
    int nobody = UserDatabase.userNamed("nobody").orElseThrow().uid();
    int nogroup = UserDatabase.groupNamed("nogroup").orElseThrow().gid();
    Path file = dir.resolve("web.sock");
    try (var socket = ListeningSocket.open(
        unix(file, OptionalInt.of(nobody), OptionalInt.of(nogroup), 0640))) {
      assertEquals(nobody, Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS));
      assertEquals(nogroup, Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS));
      assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      connect(file);
    }
    assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void aLeftoverSocketFileIsReplacedButAnyOtherFileIsKept() throws Exception {
    Path file = dir.resolve("web.sock");
    FcgiSocketConfig config = unix(file, OptionalInt.empty(), OptionalInt.empty(), 0700);
    // Only its fd is closed: the file stays, as after a crash.
    Fds.closeQuietly(ListeningSocket.open(config).fd());
    try (var socket = ListeningSocket.open(config)) {
      connect(file);
    }

    Files.writeString(file, "somebody's data");
    var e = assertThrows(IOException.class, () -> ListeningSocket.open(config));
    assertEquals("[Errno 98] Address already in use", e.getMessage());
    assertEquals("somebody's data", Files.readString(file));
  }

  @Test
  void closingLeavesAFileThatReplacedTheSocketAlone() throws Exception {
    Path file = dir.resolve("web.sock");
    var socket = ListeningSocket.open(unix(file, OptionalInt.empty(), OptionalInt.empty(), 0700));
    Files.delete(file);
    Files.writeString(file, "new");
    socket.close();
    assertTrue(Files.exists(file));
  }

  @Test
  void aPathTooLongForSockaddrUnIsRefusedInPythonsWords() {
    Path file = dir.resolve("x".repeat(120));
    var e = assertThrows(IOException.class, () -> ListeningSocket.open(
        unix(file, OptionalInt.empty(), OptionalInt.empty(), 0700)));
    assertEquals("AF_UNIX path too long", e.getMessage());
  }
}
