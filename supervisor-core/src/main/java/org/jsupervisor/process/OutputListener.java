package org.jsupervisor.process;

import org.jsupervisor.log.Channel;

/**
 * Sees child output on the loop thread; the seam for events.
 *
 * <p>{@link #output} gets every chunk that supervisord would "log" ({@code *_events_enabled}:
 * PROCESS_LOG_STDOUT/STDERR events carry exactly these bytes), after {@code strip_ansi}, after it
 * went to the stream's log and tail, and also for text held in capture mode (supervisord emits
 * PROCESS_LOG events for it too). An event listener's stdout never reaches {@link #output}: it is
 * the protocol channel and goes, raw, to {@link #protocol}.
 *
 * <p>{@code data} is the loop's read buffer, reused for the next read: copy what you keep, and
 * return quickly.
 */
@FunctionalInterface
public interface OutputListener {
  void output(ManagedProcess process, Channel channel, byte[] data, int off, int len);

  /** Capture mode saw END: {@code captured} is the text since BEGIN (PROCESS_COMMUNICATION). */
  default void communication(ManagedProcess process, Channel channel, byte[] captured) {}

  /** Bytes an event listener wrote to its stdout, unstripped: the listener protocol. */
  default void protocol(ManagedProcess listener, byte[] data, int off, int len) {}
}
