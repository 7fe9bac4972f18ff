package org.jsupervisor.http;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.jsupervisor.config.UnixHttpServerConfig;

/**
 * Binds a {@code [unix_http_server]} socket as supervisord does: bind a temporary name
 * {@code <file>.<pid>}, chmod it, hard-link it to {@code <file>} (so the socket never appears
 * with the wrong mode), then chown. An existing {@code <file>} that answers HTTP means another
 * server is running; one that does not is a stale socket, unlinked and replaced.
 */
public final class UnixSocketBinder {
  private UnixSocketBinder() {}

  public static ServerSocketChannel bind(UnixHttpServerConfig config) throws IOException {
    Path file = Path.of(config.file());
    Path tmp = Path.of(config.file() + "." + ProcessHandle.current().pid());
    Files.deleteIfExists(tmp);
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.bind(UnixDomainSocketAddress.of(tmp), 1024);
      Files.setPosixFilePermissions(tmp, permissions(config.chmod()));
      try {
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException e) {
        if (answersHttp(file)) {
          throw new IOException("Another program is already listening on a port that one of our "
              + "HTTP servers is configured to use.  Shut this program down first before "
              + "starting supervisord.");
        }
        System.err.println("Unlinking stale socket " + file);
        Files.delete(file);
        Files.createLink(file, tmp);
      }
    } catch (IOException | RuntimeException e) {
      HttpServer.closeQuietly(ch);
      throw e;
    } finally {
      Files.deleteIfExists(tmp);
    }
    if (config.chownUid().isPresent() || config.chownGid().isPresent()) {
      try {
        if (config.chownUid().isPresent()) {
          Files.setAttribute(file, "unix:uid", config.chownUid().getAsInt(), LinkOption.NOFOLLOW_LINKS);
        }
        if (config.chownGid().isPresent()) {
          Files.setAttribute(file, "unix:gid", config.chownGid().getAsInt(), LinkOption.NOFOLLOW_LINKS);
        }
      } catch (IOException e) {
        HttpServer.closeQuietly(ch);
        Files.deleteIfExists(file);
        throw new IOException("Not permitted to chown " + file + " to uid/gid ("
            + config.chownUid().orElse(-1) + ", " + config.chownGid().orElse(-1)
            + "); adjust \"sockchown\" value in config file or on command line to values that "
            + "the current user (" + System.getProperty("user.name") + ") can successfully chown");
      }
    }
    return ch;
  }

  /** Connects and sends {@code GET / HTTP/1.0}; any answer means a live server. */
  static boolean answersHttp(Path file) {
    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(file))) {
      c.write(ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      return c.read(ByteBuffer.allocate(16)) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    var set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }
}
