package org.jsupervisor.config;

import java.util.Set;

/**
 * The event type names an {@code [eventlistener:x] events=} line may name: supervisord's
 * {@code EventTypes}, including the abstract ones ({@code EVENT}, {@code PROCESS_STATE},
 * {@code TICK}, ...) that subscribe to every subtype.
 */
public final class EventTypeNames {
  public static final Set<String> ALL = Set.of(
      "EVENT",
      "PROCESS_STATE",
      "PROCESS_STATE_STOPPED",
      "PROCESS_STATE_EXITED",
      "PROCESS_STATE_STARTING",
      "PROCESS_STATE_STOPPING",
      "PROCESS_STATE_BACKOFF",
      "PROCESS_STATE_FATAL",
      "PROCESS_STATE_RUNNING",
      "PROCESS_STATE_UNKNOWN",
      "PROCESS_COMMUNICATION",
      "PROCESS_COMMUNICATION_STDOUT",
      "PROCESS_COMMUNICATION_STDERR",
      "PROCESS_LOG",
      "PROCESS_LOG_STDOUT",
      "PROCESS_LOG_STDERR",
      "REMOTE_COMMUNICATION",
      "SUPERVISOR_STATE_CHANGE",
      "SUPERVISOR_STATE_CHANGE_RUNNING",
      "SUPERVISOR_STATE_CHANGE_STOPPING",
      "TICK",
      "TICK_5",
      "TICK_60",
      "TICK_3600",
      "PROCESS_GROUP",
      "PROCESS_GROUP_ADDED",
      "PROCESS_GROUP_REMOVED");

  private EventTypeNames() {}
}
