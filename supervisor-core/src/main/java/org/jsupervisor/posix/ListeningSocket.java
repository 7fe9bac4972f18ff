package org.jsupervisor.posix;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.jsupervisor.config.FcgiSocketConfig;
import org.jsupervisor.config.PyRepr;

/**
 * A listening stream socket made with the plain system calls, so that its fd can be handed to
 * children as their fd 0 (a {@code ServerSocketChannel} hides its fd). It is blocking, since the
 * children accept on it, and close-on-exec, so that only the children it is given to get it.
 *
 * <p>Failures are {@link IOException}s whose message is what supervisord prints for them
 * ({@code [Errno 98] Address already in use}).
 */
public final class ListeningSocket implements AutoCloseable {
  /** {@code sizeof(struct sockaddr_un)}: a family and 108 bytes of path. */
  private static final int SOCKADDR_UN_BYTES = 110;
  private static final int SOCKADDR_IN_BYTES = 16;
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  private final int fd;
  /** The socket file of a unix socket, else null. */
  private final Path file;
  /** Its inode when bound: at close, a file put there by someone else since is left alone. */
  private final Object inode;
  private boolean closed;

  private ListeningSocket(int fd, Path file, Object inode) {
    this.fd = fd;
    this.file = file;
    this.inode = inode;
  }

  /** Creates, binds and listens as {@code config} says (chown and chmod for a unix socket). */
  public static ListeningSocket open(FcgiSocketConfig config) throws IOException {
    return config.isUnix() ? unix(config) : tcp(config);
  }

  public int fd() {
    return fd;
  }

  private static ListeningSocket tcp(FcgiSocketConfig config) throws IOException {
    byte[] address = ipv4(config.host());
    Pointer sockaddr = Memory.allocateDirect(LibC.RUNTIME, SOCKADDR_IN_BYTES, true);
    sockaddr.putShort(0, (short) LibC.AF_INET);
    sockaddr.putByte(2, (byte) (config.port() >> 8)); // network byte order
    sockaddr.putByte(3, (byte) config.port());
    sockaddr.put(4, address, 0, 4);
    int fd = newSocket(LibC.AF_INET);
    try {
      // As supervisord: a restarted group binds again at once, despite connections in TIME_WAIT.
      check(LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, new int[] {1}, 4));
      check(LibC.INSTANCE.bind(fd, sockaddr, SOCKADDR_IN_BYTES));
      check(LibC.INSTANCE.listen(fd, config.backlog()));
    } catch (IOException e) {
      Fds.closeQuietly(fd);
      throw e;
    }
    return new ListeningSocket(fd, null, null);
  }

  /** The host's first IPv4 address, as binding an AF_INET socket to a name resolves it. */
  private static byte[] ipv4(String host) throws IOException {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (a instanceof Inet4Address) {
          return a.getAddress();
        }
      }
    } catch (UnknownHostException e) {
      // reported below, in getaddrinfo's words
    }
    throw new IOException("[Errno -2] Name or service not known");
  }

  private static ListeningSocket unix(FcgiSocketConfig config) throws IOException {
    Path file = Path.of(config.path());
    byte[] path = config.path().getBytes(StandardCharsets.UTF_8);
    if (path.length >= SOCKADDR_UN_BYTES - 2) {
      throw new IOException("AF_UNIX path too long");
    }
    Pointer sockaddr = Memory.allocateDirect(LibC.RUNTIME, SOCKADDR_UN_BYTES, true);
    sockaddr.putShort(0, (short) LibC.AF_UNIX);
    sockaddr.put(2, path, 0, path.length);
    // supervisord replaces what is left of an earlier run; only a socket, though: a regular file
    // of that name is somebody's data, and binding then fails with "Address already in use".
    if (isSocketFile(file)) {
      Files.delete(file);
    }
    int fd = newSocket(LibC.AF_UNIX);
    boolean bound = false;
    try {
      check(LibC.INSTANCE.bind(fd, sockaddr, 2 + path.length + 1));
      bound = true;
      Object inode = Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
      if (config.ownerUid().isPresent()) {
        int uid = config.ownerUid().getAsInt();
        int gid = config.ownerGid().orElse(-1);
        if (LibC.INSTANCE.chown(config.path(), uid, gid) != 0) {
          throw new IOException("Could not change ownership of socket file: "
              + describe(LibC.errno()) + ": " + PyRepr.of(config.path()));
        }
      }
      if (LibC.INSTANCE.chmod(config.path(), config.mode()) != 0) {
        throw new IOException("Could not change permissions of socket file: "
            + describe(LibC.errno()) + ": " + PyRepr.of(config.path()));
      }
      check(LibC.INSTANCE.listen(fd, config.backlog()));
      return new ListeningSocket(fd, file, inode);
    } catch (IOException | RuntimeException e) {
      Fds.closeQuietly(fd);
      if (bound) {
        Files.deleteIfExists(file);
      }
      throw e;
    }
  }

  private static boolean isSocketFile(Path file) throws IOException {
    try {
      int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return (mode & S_IFMT) == S_IFSOCK;
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }

  private static int newSocket(int family) throws IOException {
    int fd = LibC.INSTANCE.socket(family, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw new IOException(describe(LibC.errno()));
    }
    return fd;
  }

  private static void check(int result) throws IOException {
    if (result != 0) {
      throw new IOException(describe(LibC.errno()));
    }
  }

  /** Python's text for an OSError: {@code [Errno 13] Permission denied}. */
  private static String describe(int errno) {
    return "[Errno " + errno + "] " + LibC.INSTANCE.strerror(errno);
  }

  /**
   * Closes the socket and removes its socket file, unless that file was replaced meanwhile.
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Fds.closeQuietly(fd);
    if (file != null) {
      try {
        if (Objects.equals(inode, Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS))) {
          Files.delete(file);
        }
      } catch (IOException e) {
        // gone already, or its directory is no longer ours: nothing to clean up
      }
    }
  }

  @Override
  public String toString() {
    return "ListeningSocket[fd " + fd + (file == null ? "" : " " + file) + "]";
  }
}
