package org.jsupervisor.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jsupervisor.config.Config;
import org.jsupervisor.config.Credentials;
import org.jsupervisor.config.InetHttpServerConfig;
import org.jsupervisor.config.UnixHttpServerConfig;
import org.jsupervisor.log.MainLog;
import org.jsupervisor.loop.EventLoop;
import org.jsupervisor.process.Supervisor;
import org.jsupervisor.rpc.RpcDispatcher;
import org.jsupervisor.rpc.SupervisorControl;
import org.jsupervisor.rpc.SupervisorNamespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP servers: every {@code [unix_http_server]} and {@code [inet_http_server]} of
 * the config, all served by one {@link HttpServer}. Start after the supervisor exists (and
 * before or after its loop runs); close at exit, which also removes the unix socket files.
 */
public final class RpcServers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("supervisord");

  private final HttpServer server;
  private final List<InetSocketAddress> inetAddresses;
  private final List<Path> unixSockets;

  private RpcServers(HttpServer server, List<InetSocketAddress> inet, List<Path> unix) {
    this.server = server;
    this.inetAddresses = List.copyOf(inet);
    this.unixSockets = List.copyOf(unix);
  }

  public static RpcServers start(Config config, EventLoop loop, Supervisor supervisor,
      SupervisorControl control) throws IOException {
    return start(config, loop, supervisor, control, HttpLimits.DEFAULT);
  }

  /**
   * Binds every configured server and starts serving. Fails (closing what it bound) if any
   * socket cannot be bound; the message is supervisord's where it has one.
   */
  public static RpcServers start(Config config, EventLoop loop, Supervisor supervisor,
      SupervisorControl control, HttpLimits limits) throws IOException {
    var channels = new ArrayList<ServerSocketChannel>();
    var sections = new ArrayList<String>();
    var creds = new ArrayList<Optional<Credentials>>();
    var inet = new ArrayList<InetSocketAddress>();
    var unix = new ArrayList<Path>();
    try {
      for (UnixHttpServerConfig u : config.unixHttpServers()) {
        channels.add(UnixSocketBinder.bind(u));
        unix.add(Path.of(u.file()));
        sections.add(u.section());
        creds.add(u.credentials());
      }
      for (InetHttpServerConfig i : config.inetHttpServers()) {
        ServerSocketChannel ch = ServerSocketChannel.open();
        channels.add(ch);
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        var address = i.host().isEmpty() ? new InetSocketAddress(i.port())
            : new InetSocketAddress(i.host(), i.port());
        try {
          ch.bind(address, 1024);
        } catch (IOException e) {
          throw new IOException("Cannot open an HTTP server: socket.error reported "
              + e.getMessage() + " (" + i.host() + ":" + i.port() + ")", e);
        }
        inet.add((InetSocketAddress) ch.getLocalAddress());
        sections.add(i.section());
        creds.add(i.credentials());
      }
    } catch (IOException | RuntimeException e) {
      channels.forEach(HttpServer::closeQuietly);
      unix.forEach(RpcServers::deleteQuietly);
      throw e;
    }
    // The workers are created by the server; the namespace needs them for its file reads.
    var namespaceHolder = new SupervisorNamespace[1];
    var dispatcher = new RpcDispatcher();
    var listeners = new ArrayList<HttpServer.Listener>();
    var handlers = new ArrayList<SupervisorHttpHandlerRef>();
    for (int n = 0; n < channels.size(); n++) {
      var ref = new SupervisorHttpHandlerRef(new BasicAuth(creds.get(n)));
      handlers.add(ref);
      listeners.add(new HttpServer.Listener(sections.get(n), channels.get(n), ref));
      if (creds.get(n).isEmpty()) {
        MainLog.critical(log, "Server '" + sections.get(n)
            + "' running without any HTTP authentication checking");
      }
    }
    HttpServer server = new HttpServer(listeners, limits);
    namespaceHolder[0] = new SupervisorNamespace(loop, supervisor, control, server.workers());
    namespaceHolder[0].registerIn(dispatcher);
    for (SupervisorHttpHandlerRef ref : handlers) {
      ref.delegate = new SupervisorHttpHandler(ref.auth, dispatcher, namespaceHolder[0]);
    }
    server.workers().execute(RpcServers::warmUp);
    return new RpcServers(server, inet, unix);
  }

  /**
   * Loads the XML parser and codec while the processes start: the JDK's DOM parser takes about
   * 100 ms of class loading on first use, which the first client (often a health check polling
   * right after start-up) would otherwise wait for.
   */
  private static void warmUp() {
    try {
      byte[] call = org.jsupervisor.rpc.XmlRpcCodec.call("supervisor.getState");
      org.jsupervisor.rpc.XmlRpcCodec.parseCall(call);
      org.jsupervisor.rpc.XmlRpcCodec.response(java.util.Map.of("statecode", 1,
          "statename", "RUNNING", "list", java.util.List.of(true, 1.5)));
    } catch (org.jsupervisor.rpc.XmlRpcCodec.MalformedRequest | RuntimeException e) {
      log.debug("RPC warm-up failed: {}", e.toString());
    }
  }

  /** Lets listeners exist before the namespace that needs the server's worker pool. */
  private static final class SupervisorHttpHandlerRef implements HttpServer.Handler {
    final BasicAuth auth;
    volatile HttpServer.Handler delegate;

    SupervisorHttpHandlerRef(BasicAuth auth) {
      this.auth = auth;
    }

    @Override
    public Optional<HttpResponse> refuseHead(HttpRequest head, HttpServer.Listener listener) {
      HttpServer.Handler d = delegate;
      return d == null ? Optional.of(HttpResponse.error(503).closing())
          : d.refuseHead(head, listener);
    }

    @Override
    public java.util.concurrent.CompletableFuture<HttpResponse> handle(HttpRequest request,
        HttpServer.Listener listener) {
      HttpServer.Handler d = delegate;
      return d == null ? java.util.concurrent.CompletableFuture.completedFuture(
          HttpResponse.error(503)) : d.handle(request, listener);
    }
  }

  /** The one server behind every listener (tests read its {@link HttpServer#usage()}). */
  HttpServer server() {
    return server;
  }

  /** The bound TCP addresses, in config order (the real port when configured as 0). */
  public List<InetSocketAddress> inetAddresses() {
    return inetAddresses;
  }

  /** The unix socket files, in config order. */
  public List<Path> unixSockets() {
    return unixSockets;
  }

  @Override
  public void close() {
    server.close();
    unixSockets.forEach(RpcServers::deleteQuietly);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // Best effort at exit; a stale socket is detected and replaced at the next start.
    }
  }
}
