package org.jsupervisor.ctl.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Where supervisord listens: {@code unix:///path/to/sock} or {@code http://host[:port]} (port 80 when
 * omitted, as Python's {@code httplib} assumes).
 *
 * @param url the URL exactly as configured (messages quote it)
 * @param socketPath the unix socket path, or null for TCP
 * @param host the TCP host ({@code localhost} for unix sockets, which is what supervisorctl sends in Host)
 * @param port the TCP port, or 0 for unix sockets
 */
public record ServerUrl(String url, String socketPath, String host, int port) {

  /** Parses a server URL; only {@code unix://} and {@code http://} are supported. */
  public static ServerUrl parse(String url) {
    if (url.startsWith("unix://")) {
      return new ServerUrl(url, url.substring("unix://".length()), "localhost", 0);
    }
    if (url.startsWith("http://")) {
      String rest = url.substring("http://".length());
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        authority = authority.substring(at + 1);
      }
      String host = authority;
      int port = 80;
      int colon = authority.lastIndexOf(':');
      if (colon >= 0 && !authority.endsWith("]")) {
        host = authority.substring(0, colon);
        String digits = authority.substring(colon + 1);
        if (!digits.isEmpty()) {
          try {
            port = Integer.parseInt(digits);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in server url " + url);
          }
        }
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return new ServerUrl(url, null, host, port);
    }
    throw new IllegalArgumentException("Unknown protocol for serverurl " + url);
  }

  public boolean isUnix() {
    return socketPath != null;
  }

  /** The Host header: {@code localhost} for unix sockets, else {@code host:port} as given. */
  public String hostHeader() {
    return isUnix() ? "localhost" : (port == 80 ? host : host + ":" + port);
  }

  /**
   * A blocking channel to the server. Blocking {@link SocketChannel}s (unlike {@code Socket}s) give up
   * when their thread is interrupted, which is how {@code tail -f} stops on Ctrl-C.
   */
  public SocketChannel connect() throws IOException {
    if (isUnix()) {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        channel.connect(UnixDomainSocketAddress.of(Path.of(socketPath)));
      } catch (IOException e) {
        channel.close();
        throw e;
      }
      return channel;
    }
    return SocketChannel.open(new InetSocketAddress(host, port));
  }
}
