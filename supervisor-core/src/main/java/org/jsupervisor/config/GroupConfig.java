package org.jsupervisor.config;

import java.util.List;
import java.util.Optional;

/**
 * A process group: the unit that is added, removed and diffed by live reload.
 *
 * @param processes sorted by (priority, name)
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
