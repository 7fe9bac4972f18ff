package org.jsupervisor.config;

import java.util.List;

/**
 * The listener-specific options of an {@code [eventlistener:x]} pool.
 *
 * @param events the upper-cased event type names subscribed to, in config order
 * @param bufferSize how many events the pool queues before dropping the oldest (at least 1)
 * @param resultHandler the result handler entry point (only the default one is supported)
 */
public record EventListenerConfig(List<String> events, int bufferSize, String resultHandler) {
  public static final String DEFAULT_RESULT_HANDLER = "supervisor.dispatchers:default_handler";
}
