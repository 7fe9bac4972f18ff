package org.jsupervisor.process;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jsupervisor.loop.Reactor;
import org.jsupervisor.posix.Errno;
import org.jsupervisor.posix.Fds;
import org.jsupervisor.posix.PosixException;

/**
 * The one writer of a child's stdin: event frames for a listener and {@code sendProcessStdin}
 * data alike. Never blocks the loop: what the pipe does not take now stays here, as the caller's
 * own arrays (nothing is copied), and is written when the loop reports the pipe writable. A child
 * that does not read therefore costs no CPU: the loop is not woken until it reads or exits.
 * Loop thread only.
 */
public final class StdinWriter {
  private final Reactor reactor;
  private final Deque<byte[]> pending = new ArrayDeque<>();
  private int offset;
  private long pendingBytes;
  private int fd;
  private boolean watching;

  /** @param fd the non-blocking write end of the child's stdin, or -1 when there is none */
  StdinWriter(Reactor reactor, int fd) {
    this.reactor = reactor;
    this.fd = fd;
  }

  /**
   * Queues {@code data} (kept, not copied: the caller must not change it) and writes what the
   * pipe takes; false when the pipe is gone (EPIPE, or the child was reaped).
   */
  public boolean write(byte[] data) {
    if (fd < 0) {
      return false;
    }
    if (data.length > 0) {
      pending.addLast(data);
      pendingBytes += data.length;
      flush();
    }
    return fd >= 0;
  }

  /** Bytes queued that the pipe has not taken yet. */
  public long pendingBytes() {
    return pendingBytes;
  }

  /** Whether the pipe is still open: the child exists and has not closed its end. */
  public boolean open() {
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
        detach(); // the reader is gone; a listener's reap rebuffers the event it was busy with
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
      pendingBytes -= n;
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

  /** Forgets the pipe and what was queued for it; the caller closes the fd. */
  void detach() {
    if (watching) {
      reactor.unwatchWritable(fd);
      watching = false;
    }
    fd = -1;
    pending.clear();
    pendingBytes = 0;
    offset = 0;
  }
}
