package org.jsupervisor.config;

import java.util.OptionalInt;

/**
 * The socket of an {@code [fcgi-program:x]}: {@code unix:///abs/path} or {@code tcp://host:port}.
 *
 * @param url as supervisord prints it: the unix path normalised, the tcp host lowercased
 * @param ownerUid for a unix socket: chown it to this uid (with {@code ownerGid}, else the gid is
 *     left as it is)
 * @param mode for a unix socket: its permission bits
 */
public record FcgiSocketConfig(
    String url, int backlog, OptionalInt ownerUid, OptionalInt ownerGid, int mode) {
  private static final String UNIX = "unix://";

  public boolean isUnix() {
    return url.startsWith(UNIX);
  }

  /** The path of a unix socket. */
  public String path() {
    if (!isUnix()) {
      throw new IllegalStateException("not a unix socket: " + url);
    }
    return url.substring(UNIX.length());
  }

  /** The host of a tcp socket, a name or an IPv4 address. */
  public String host() {
    String hostPort = tcpHostPort();
    return hostPort.substring(0, hostPort.lastIndexOf(':'));
  }

  public int port() {
    String hostPort = tcpHostPort();
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  private String tcpHostPort() {
    if (isUnix()) {
      throw new IllegalStateException("not a tcp socket: " + url);
    }
    return url.substring("tcp://".length());
  }
}
