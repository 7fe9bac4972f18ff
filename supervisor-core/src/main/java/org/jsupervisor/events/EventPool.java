package org.jsupervisor.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@code [eventlistener:x]} pool: its subscriptions, its FIFO buffer of accepted events and
 * its listeners, following supervisord's {@code EventListenerPool}. Loop thread only.
 *
 * <p>Dispatching is never done inside {@link #accept}: the pool asks its scheduler for a
 * dispatch, which the engine runs after the current handler, as supervisord dispatches in its
 * per-iteration {@code transition()}. So an event is never written to a listener from inside a
 * state change, and several events notified together keep their order.
 */
public final class EventPool {
  private static final Logger log = LoggerFactory.getLogger("supervisord");

  private final String name;
  private final int bufferSize;
  private final Set<EventType> subscriptions;
  private final String identifier;
  private final Runnable requestDispatch;
  private final Deque<Queued> buffer = new ArrayDeque<>();
  private final List<Listener> listeners = new ArrayList<>();
  private long poolSerial = -1;
  private long discarded;

  /**
   * @param requestDispatch asks for {@link #dispatch()} to run soon on the loop thread; several
   *     requests before it runs may be folded into one
   */
  EventPool(String name, int bufferSize, Set<EventType> subscriptions, String identifier,
      Runnable requestDispatch) {
    if (bufferSize < 1) {
      throw new IllegalArgumentException("buffer_size < 1: " + bufferSize);
    }
    this.name = name;
    this.bufferSize = bufferSize;
    this.subscriptions = Set.copyOf(subscriptions);
    this.identifier = identifier;
    this.requestDispatch = requestDispatch;
  }

  public String name() {
    return name;
  }

  /** Events dropped because the buffer overflowed, since the pool was created. */
  public long discarded() {
    return discarded;
  }

  public int buffered() {
    return buffer.size();
  }

  Listener addListener(String processName, Listener.Port port) {
    var l = new Listener(processName, port, this);
    listeners.add(l);
    return l;
  }

  List<Listener> listeners() {
    return listeners;
  }

  boolean subscribes(EventType type) {
    for (EventType s : subscriptions) {
      if (type.isA(s)) {
        return true;
      }
    }
    return false;
  }

  /** A newly notified event; {@code serial} gives its global serial, asked only once per event. */
  void accept(Event event, LongSupplier serial) {
    long global = serial.getAsLong();
    poolSerial = poolSerial == Long.MAX_VALUE ? 0 : poolSerial + 1;
    add(new Queued(event, global, poolSerial), false);
    requestDispatch.run();
  }

  /** A listener failed, refused or died with {@code q}: it goes back to the head. */
  void rejected(Queued q) {
    log.debug("rebuffering event {} for pool {} (buf size={}, max={})", q.serial(), name,
        buffer.size(), bufferSize);
    add(q, true);
    requestDispatch.run();
  }

  void listenerReady() {
    requestDispatch.run();
  }

  /** A listener process may have become RUNNING. */
  void processStateChanged() {
    requestDispatch.run();
  }

  private void add(Queued q, boolean head) {
    if (buffer.size() >= bufferSize) {
      Queued oldest = buffer.pollFirst();
      discarded++;
      log.error("pool {} event buffer overflowed, discarding event {}", name, oldest.serial());
    }
    if (head) {
      buffer.addFirst(q);
    } else {
      buffer.addLast(q);
    }
  }

  /**
   * Sends buffered events, oldest first, each to the first listener (in config order) that is
   * RUNNING and READY, until the buffer is empty or no listener can take one.
   */
  void dispatch() {
    if (listeners.stream().noneMatch(Listener::canTakeEvent)) {
      return;
    }
    while (!buffer.isEmpty()) {
      Queued q = buffer.pollFirst();
      if (!dispatchOne(q)) {
        log.debug("rebuffering event {} for pool {} (buf size={}, max={})", q.serial(), name,
            buffer.size(), bufferSize);
        add(q, true);
        return;
      }
    }
  }

  private boolean dispatchOne(Queued q) {
    byte[] frame = null;
    for (Listener l : listeners) {
      if (l.canTakeEvent()) {
        if (frame == null) {
          frame = Envelope.encode(identifier, q.serial(), name, q.poolSerial(), q.event());
        }
        if (l.send(q, frame)) {
          return true;
        }
      }
    }
    return false;
  }
}
