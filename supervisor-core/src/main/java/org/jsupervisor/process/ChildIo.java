package org.jsupervisor.process;

import org.jsupervisor.config.PyRepr;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsupervisor.log.AnsiEscapes;
import org.jsupervisor.log.Channel;
import org.jsupervisor.log.ChildLog;
import org.jsupervisor.log.PyText;
import org.jsupervisor.loop.Reactor;
import org.jsupervisor.posix.Fds;
import org.jsupervisor.posix.PosixException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's ends of one child's pipes. Output is read when the loop reports it readable, then
 * (after {@code strip_ansi}) goes to the stream's {@link ChildLog}, to the main log at DEBG, and
 * to the {@link OutputListener}s. EOF only closes that pipe (a grandchild may keep it open after
 * the child is gone, and the child's exit is known only from {@code waitpid}).
 *
 * <p>Every chunk read is handled at once and nothing is queued, so memory stays flat however much
 * a child writes; the child is slowed only by how fast the log file takes the bytes.
 */
final class ChildIo {
  private static final Logger log = LoggerFactory.getLogger("supervisord");

  /** One read's worth, as supervisord reads: a chunk is logged whole, never split. */
  static final int CHUNK = 131_072;

  /**
   * A read this long found the kernel's default 64 KiB pipe (nearly) full: small writes fill its
   * 16 pages only partly (100-byte lines leave 96 bytes of each page unused).
   */
  private static final int FULL_PIPE_BYTES = 48 * 1024;

  /**
   * A child that fills its pipe gets one read's worth, so it wakes the daemon half as often. Not
   * more: a pipe holding more than one read takes could split a write between two chunks (a line
   * across two log files or two PROCESS_LOG events), which supervisord's 64 KiB pipes never do.
   */
  private static final int CHATTY_PIPE_BYTES = CHUNK;

  /**
   * Pipes enlarged so far, daemon-wide, and the limit: the kernel counts pipe pages per user
   * ({@code pipe-user-pages-soft}, 64 MiB by default) and, past it, gives that user's new pipes
   * a single page, the children's own pipes included. 2 MiB of the budget is ours to use.
   */
  private static final AtomicInteger CHATTY_PIPES = new AtomicInteger();
  private static final int MAX_CHATTY_PIPES = 16;

  /** At most this many reads per pipe after the child is reaped; a grandchild may write forever. */
  private static final int DRAIN_READS = 16;

  private final Reactor reactor;
  private final ManagedProcess process;
  private final byte[] buffer;
  private final boolean stripAnsi;
  private final List<OutputListener> listeners;
  private final Stream out;
  private final Stream err;
  private int stdin;
  private final StdinWriter stdinWriter;

  /** One output pipe; {@code fd} is -1 once closed. */
  private final class Stream {
    int fd;
    final ChildLog log;
    /** An event listener's stdout: the protocol channel, never PROCESS_LOG or capture. */
    final boolean protocol;
    /** Present when {@code <channel>_capture_maxbytes > 0}. */
    final CaptureMode capture;
    /** Whether this pipe was enlarged once (granted or not): it is asked only once. */
    boolean enlarged;
    /** Whether {@link #enlarge} counted this pipe in {@link #CHATTY_PIPES}; given back at close. */
    boolean chattyGranted;

    Stream(int fd, ChildLog log, boolean protocol, long captureMaxBytes) {
      this.fd = fd;
      this.log = log;
      this.protocol = protocol;
      this.capture = protocol || captureMaxBytes <= 0 ? null
          : new CaptureMode(captureMaxBytes, new CaptureMode.Sink() {
            @Override
            public void output(byte[] data, int off, int len, boolean captured) {
              emit(log, data, off, len, !captured);
            }

            @Override
            public void communication(byte[] captured) {
              for (OutputListener l : listeners) {
                l.communication(process, log.channel(), captured);
              }
            }
          });
      if (fd >= 0) {
        reactor.watch(fd, this::read);
      }
    }

    /** Reads once; false when nothing more is available now (would block, or closed). */
    boolean read() {
      if (fd < 0) {
        return false;
      }
      int n;
      try {
        n = Fds.read(fd, buffer, 0, buffer.length);
      } catch (PosixException e) {
        n = 0; // EIO and friends: nothing more will come from this pipe
      }
      if (n > 0) {
        if (n >= FULL_PIPE_BYTES && !enlarged) {
          enlarge();
        }
        output(this, n);
        return true;
      }
      if (n == 0) {
        close();
      }
      return false;
    }

    /**
     * The child writes faster than one turn drains a default pipe: with a bigger one it blocks,
     * and wakes us, less often (measured: big writes go through at the writer's own rate).
     */
    private void enlarge() {
      enlarged = true; // asked once per pipe, granted or not
      if (CHATTY_PIPES.incrementAndGet() > MAX_CHATTY_PIPES
          || !Fds.setPipeSize(fd, CHATTY_PIPE_BYTES)) {
        CHATTY_PIPES.decrementAndGet();
        return;
      }
      chattyGranted = true;
    }

    void close() {
      if (fd >= 0) {
        reactor.unwatch(fd);
        Fds.close(fd);
        fd = -1;
        if (chattyGranted) {
          chattyGranted = false;
          CHATTY_PIPES.decrementAndGet();
        }
      }
    }
  }

  /**
   * @param eventListener the process belongs to an {@code [eventlistener:x]} pool, so its stdout
   *     is the protocol channel ({@code stdout_capture_maxbytes} is ignored, as supervisord does)
   */
  ChildIo(Reactor reactor, ManagedProcess process, SpawnResult.Spawned child, byte[] buffer,
      boolean stripAnsi, List<OutputListener> listeners, boolean eventListener) {
    this.reactor = reactor;
    this.process = process;
    this.buffer = buffer;
    this.stripAnsi = stripAnsi;
    this.listeners = listeners;
    this.stdin = child.stdin();
    this.stdinWriter = new StdinWriter(reactor, stdin);
    this.out = new Stream(child.stdout(), process.logs().stdout(), eventListener,
        process.config().stdout().captureMaxBytes());
    this.err = new Stream(child.stderr(), process.logs().stderr(), false,
        process.config().stderr().captureMaxBytes());
  }

  private void output(Stream stream, int n) {
    if (stream.protocol) {
      // The protocol sees the raw bytes; the log still gets a (stripped) copy, as supervisord's
      // PEventListenerDispatcher writes one, but no PROCESS_LOG events.
      for (OutputListener l : listeners) {
        l.protocol(process, buffer, 0, n);
      }
      if (log.isDebugEnabled()) {
        // supervisord shows a listener's protocol output raw, as a bytes repr, whatever it is.
        log.debug("{} {} output:\n{}", PyRepr.of(process.name()), stream.log.channel(),
            PyRepr.ofBytes(buffer, 0, n));
      }
      int len = stripAnsi ? AnsiEscapes.strip(buffer, 0, n) : n;
      stream.log.write(buffer, 0, len);
      return;
    }
    int len = stripAnsi ? AnsiEscapes.strip(buffer, 0, n) : n;
    if (len == 0) {
      return;
    }
    if (stream.capture != null) {
      stream.capture.feed(buffer, 0, len);
    } else {
      emit(stream.log, buffer, 0, len, true);
    }
  }

  private void emit(ChildLog childLog, byte[] data, int off, int len, boolean toLog) {
    Channel channel = childLog.channel();
    if (toLog) {
      childLog.write(data, off, len);
    }
    debugCopy(channel, data, off, len);
    for (OutputListener l : listeners) {
      l.output(process, channel, data, off, len);
    }
  }

  private void debugCopy(Channel channel, byte[] data, int off, int len) {
    if (len > 0 && log.isDebugEnabled()) { // supervisord copies child output to its main log
      log.debug("{} {} output:\n{}", PyRepr.of(process.name()), channel,
          PyText.decode(data, off, len));
    }
  }

  ManagedProcess process() {
    return process;
  }

  StdinWriter stdin() {
    return stdinWriter;
  }

  /** After the child was reaped: logs what is left in its pipes, then closes every pipe. */
  void drainAndClose() {
    for (Stream s : new Stream[] {out, err}) {
      for (int i = 0; i < DRAIN_READS && s.read(); i++) {
        // keep reading while data comes
      }
      s.close();
    }
    stdinWriter.detach(); // before the close: the fd number may be reused at once
    if (stdin >= 0) {
      Fds.close(stdin);
      stdin = -1;
    }
  }
}
