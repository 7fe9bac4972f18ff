package org.jsupervisor.events;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jsupervisor.loop.Reactor;
import org.jsupervisor.posix.Errno;
import org.jsupervisor.posix.Fds;
import org.jsupervisor.posix.PosixException;

/**
 * Writes events to one listener's stdin without ever blocking the loop: what the pipe does not
 * take now stays here and is written when the loop reports the pipe writable. So a listener that
 * stops reading only stalls itself (it stays BUSY), never the daemon or another pool. At most one
 * event is outstanding per listener, so this holds at most one frame.
 */
final class StdinWriter {
  private final Reactor reactor;
  private final Deque<byte[]> pending = new ArrayDeque<>();
  private int offset;
  private int fd;
  private boolean watching;

  /** @param fd the non-blocking write end of the child's stdin, or -1 when there is none */
  StdinWriter(Reactor reactor, int fd) {
    this.reactor = reactor;
    this.fd = fd;
  }

  /** Queues {@code frame} and writes what the pipe takes; false when the pipe is gone (EPIPE). */
  boolean write(byte[] frame) {
    if (fd < 0) {
      return false;
    }
    pending.addLast(frame);
    flush();
    return fd >= 0;
  }

  private void flush() {
    while (!pending.isEmpty() && fd >= 0) {
      byte[] head = pending.peekFirst();
      int n;
      try {
        n = Fds.write(fd, head, offset, head.length - offset);
      } catch (PosixException e) {
        if (e.errno() != Errno.EPIPE) {
          throw e;
        }
        detach(); // the reader is gone; its reap rebuffers the event it was busy with
        return;
      }
      if (n < 0) {
        if (!watching) {
          reactor.watchWritable(fd, this::flush);
          watching = true;
        }
        return;
      }
      offset += n;
      if (offset == head.length) {
        pending.pollFirst();
        offset = 0;
      }
    }
    if (watching && fd >= 0) {
      reactor.unwatchWritable(fd);
      watching = false;
    }
  }

  /** Forgets the pipe (the engine closes it when the child is reaped). */
  void detach() {
    if (watching) {
      reactor.unwatchWritable(fd);
      watching = false;
    }
    fd = -1;
    pending.clear();
    offset = 0;
  }
}
