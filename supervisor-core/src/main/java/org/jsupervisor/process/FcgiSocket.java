package org.jsupervisor.process;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.jsupervisor.config.FcgiSocketConfig;
import org.jsupervisor.posix.ListeningSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket of one {@code [fcgi-program:x]} group, shared by its processes as their
 * fd 0. Counted as supervisord's socket manager counts it: created when a process of the group
 * is about to spawn and none holds it, held by each process from its spawn until it is reaped,
 * closed when the last one lets go. A unix socket's file is removed when it closes.
 */
final class FcgiSocket {
  private static final Logger log = LoggerFactory.getLogger("supervisord");

  private final FcgiSocketConfig config;
  private final Set<ManagedProcess> holders = new HashSet<>();
  private ListeningSocket socket;

  FcgiSocket(FcgiSocketConfig config) {
    this.config = config;
  }

  FcgiSocketConfig config() {
    return config;
  }

  /**
   * Creates the socket and closes it again, as supervisord does when it activates the group, so
   * that a socket that cannot be made is an error then rather than at the first spawn.
   */
  void probe() throws FcgiSocketException {
    if (socket == null) {
      open();
      close();
    }
  }

  /** The socket's fd for {@code process}'s spawn; creates the socket if nobody holds it. */
  int acquire(ManagedProcess process) throws FcgiSocketException {
    if (socket == null) {
      open();
    }
    holders.add(process);
    return socket.fd();
  }

  /** {@code process} no longer needs the socket (its spawn failed, or it was reaped). */
  void release(ManagedProcess process) {
    if (holders.remove(process) && holders.isEmpty()) {
      close();
    }
  }

  /** Closes the socket whoever holds it: the group is removed, or the daemon has stopped. */
  void closeNow() {
    holders.clear();
    if (socket != null) {
      close();
    }
  }

  boolean isOpen() {
    return socket != null;
  }

  private void open() throws FcgiSocketException {
    log.info("Creating socket {}", config.url());
    try {
      socket = ListeningSocket.open(config);
    } catch (IOException e) {
      throw new FcgiSocketException(config.url(), e);
    }
  }

  private void close() {
    log.info("Closing socket {}", config.url());
    socket.close();
    socket = null;
  }
}
