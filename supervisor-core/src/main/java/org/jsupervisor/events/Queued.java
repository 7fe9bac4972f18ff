package org.jsupervisor.events;

/**
 * An event in one pool's buffer, with the global serial it got when a pool first accepted it and
 * this pool's serial. A rejected event goes back with both unchanged.
 */
record Queued(Event event, long serial, long poolSerial) {}
