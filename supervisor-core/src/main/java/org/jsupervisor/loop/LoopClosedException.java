package org.jsupervisor.loop;

import java.util.concurrent.RejectedExecutionException;

/**
 * How a {@link EventLoop#call} ends when the loop was closed before the command's turn came:
 * the command never ran, and never will.
 */
public final class LoopClosedException extends RejectedExecutionException {
  LoopClosedException() {
    super("the event loop is closed; the command was not run");
  }
}
