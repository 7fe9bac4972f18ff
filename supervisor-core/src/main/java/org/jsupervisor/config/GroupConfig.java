package org.jsupervisor.config;

import java.util.List;
import java.util.Optional;

/**
 * A process group: the unit that is added, removed and diffed by live reload.
 *
 * @param processes in configuration order: a {@code [group:x]}'s in {@code programs=} order, each
 *     program's processes by name (supervisord compares this order too when diffing)
 * @param listener present for {@link GroupKind#EVENT_LISTENER}
 * @param fcgiSocket present for {@link GroupKind#FCGI}
 */
public record GroupConfig(
    String name,
    GroupKind kind,
    int priority,
    List<ProcessConfig> processes,
    Optional<EventListenerConfig> listener,
    Optional<FcgiSocketConfig> fcgiSocket) {}
