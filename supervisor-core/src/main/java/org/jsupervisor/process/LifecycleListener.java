package org.jsupervisor.process;

/**
 * What the {@link Supervisor} tells the events system besides state changes and output, on the
 * loop thread, at the points where supervisord notifies the matching events.
 */
public interface LifecycleListener {
  /** A group was activated (at start-up, in config order, or by a live add). */
  default void groupAdded(ProcessGroup group) {}

  /** A fully stopped group was removed. */
  default void groupRemoved(ProcessGroup group) {}

  /** Every group exists and nothing was started yet: supervisord's main loop begins. */
  default void running() {}

  /** The mood just dropped below RUNNING; nothing was stopped yet. */
  default void stopping() {}

  /** {@code process} got a new child whose pipes are now watched. */
  default void spawned(ManagedProcess process) {}

  /** {@code process}'s child was reaped and {@link ManagedProcess#finish} has run. */
  default void reaped(ManagedProcess process) {}
}
