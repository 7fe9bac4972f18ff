package org.jsupervisor.process;

import org.jsupervisor.log.Channel;

/**
 * Sees every chunk a child writes, on the loop thread, after {@code strip_ansi} and after the
 * chunk went to the stream's log and tail. The seam for {@code *_events_enabled}
 * (PROCESS_LOG_STDOUT/STDERR events carry exactly these bytes) and for capture mode
 * ({@code *_capture_maxbytes}), which the events work wires through
 * {@link Supervisor#addOutputListener}.
 *
 * <p>{@code data} is the loop's read buffer, reused for the next read: copy what you keep, and
 * return quickly.
 */
@FunctionalInterface
public interface OutputListener {
  void output(ManagedProcess process, Channel channel, byte[] data, int off, int len);
}
