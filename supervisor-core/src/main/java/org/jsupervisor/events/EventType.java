package org.jsupervisor.events;

import java.util.Locale;
import java.util.Optional;

/**
 * supervisord's event types, named as on the wire ({@code eventname:}) and in {@code events=}.
 * Subscribing to a type matches it and every type below it: {@code PROCESS_STATE} matches every
 * {@code PROCESS_STATE_*}, {@code EVENT} matches everything.
 */
public enum EventType {
  EVENT(null),
  PROCESS_STATE(EVENT),
  PROCESS_STATE_STOPPED(PROCESS_STATE),
  PROCESS_STATE_EXITED(PROCESS_STATE),
  PROCESS_STATE_STARTING(PROCESS_STATE),
  PROCESS_STATE_STOPPING(PROCESS_STATE),
  PROCESS_STATE_BACKOFF(PROCESS_STATE),
  PROCESS_STATE_FATAL(PROCESS_STATE),
  PROCESS_STATE_RUNNING(PROCESS_STATE),
  PROCESS_STATE_UNKNOWN(PROCESS_STATE),
  PROCESS_COMMUNICATION(EVENT),
  PROCESS_COMMUNICATION_STDOUT(PROCESS_COMMUNICATION),
  PROCESS_COMMUNICATION_STDERR(PROCESS_COMMUNICATION),
  PROCESS_LOG(EVENT),
  PROCESS_LOG_STDOUT(PROCESS_LOG),
  PROCESS_LOG_STDERR(PROCESS_LOG),
  REMOTE_COMMUNICATION(EVENT),
  SUPERVISOR_STATE_CHANGE(EVENT),
  SUPERVISOR_STATE_CHANGE_RUNNING(SUPERVISOR_STATE_CHANGE),
  SUPERVISOR_STATE_CHANGE_STOPPING(SUPERVISOR_STATE_CHANGE),
  TICK(EVENT),
  TICK_5(TICK),
  TICK_60(TICK),
  TICK_3600(TICK),
  PROCESS_GROUP(EVENT),
  PROCESS_GROUP_ADDED(PROCESS_GROUP),
  PROCESS_GROUP_REMOVED(PROCESS_GROUP);

  private final EventType parent;

  EventType(EventType parent) {
    this.parent = parent;
  }

  /** Whether a subscription to {@code subscribed} receives events of this type. */
  public boolean isA(EventType subscribed) {
    for (EventType t = this; t != null; t = t.parent) {
      if (t == subscribed) {
        return true;
      }
    }
    return false;
  }

  /** The type named {@code name} (any case), as {@code events=} accepts it. */
  public static Optional<EventType> byName(String name) {
    try {
      return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
