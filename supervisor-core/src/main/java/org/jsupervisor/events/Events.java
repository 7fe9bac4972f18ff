package org.jsupervisor.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jsupervisor.config.EventListenerConfig;
import org.jsupervisor.config.GroupKind;
import org.jsupervisor.log.Channel;
import org.jsupervisor.loop.Reactor;
import org.jsupervisor.process.StdinWriter;
import org.jsupervisor.process.LifecycleListener;
import org.jsupervisor.process.ManagedProcess;
import org.jsupervisor.process.OutputListener;
import org.jsupervisor.process.ProcessGroup;
import org.jsupervisor.process.ProcessState;
import org.jsupervisor.process.ProcessStateChange;
import org.jsupervisor.process.Supervisor;

/**
 * The event system of one {@link Supervisor} generation: turns what the engine reports into
 * events at the points where supervisord notifies them, hands each event to every pool subscribed
 * to its type, and runs the pools' listeners. Loop thread only; other threads go through the
 * loop's {@code call}.
 *
 * <p>Created with {@link #install} before {@link Supervisor#start()}, so pools exist when their
 * own PROCESS_GROUP_ADDED is notified and buffer SUPERVISOR_STATE_CHANGE_RUNNING.
 */
public final class Events implements LifecycleListener, OutputListener {
  private static final long[] TICK_PERIODS = {5, 60, 3600};
  private static final EventType[] TICK_TYPES =
      {EventType.TICK_5, EventType.TICK_60, EventType.TICK_3600};

  private final Supervisor supervisor;
  private final Reactor reactor;
  private final GlobalSerial serial;
  private final String identifier;
  /** In creation order, which is supervisord's subscription order. */
  private final Map<String, EventPool> pools = new LinkedHashMap<>();
  private final Map<ManagedProcess, Binding> bindings = new HashMap<>();
  private final Map<EventPool, Boolean> dispatchScheduled = new HashMap<>();
  private final long[] lastTick = new long[TICK_PERIODS.length];
  private boolean ticking;
  private boolean closed;

  /** A listener process with its protocol state and, while it has a child, its stdin. */
  private static final class Binding {
    final EventPool pool;
    Listener listener;
    StdinWriter stdin;

    Binding(EventPool pool) {
      this.pool = pool;
    }
  }

  private Events(Supervisor supervisor, Reactor reactor, GlobalSerial serial) {
    this.supervisor = supervisor;
    this.reactor = reactor;
    this.serial = serial;
    this.identifier = supervisor.config().supervisord().identifier();
  }

  /**
   * Wires events into {@code supervisor}. {@code serial} is kept across restarts by the caller.
   */
  public static Events install(Supervisor supervisor, Reactor reactor, GlobalSerial serial) {
    var events = new Events(supervisor, reactor, serial);
    supervisor.addLifecycleListener(events);
    supervisor.addOutputListener(events);
    supervisor.addStateListener(events::stateChanged);
    supervisor.onStopped(() -> events.closed = true);
    return events;
  }

  /**
   * Notifies REMOTE_COMMUNICATION, for the {@code sendRemoteCommEvent(type, data)} RPC. Loop
   * thread; allowed in every mood, as supervisord allows that RPC during shutdown.
   */
  public void remoteCommunication(String type, String data) {
    notify(new Event.RemoteCommunicationEvent(type, data));
  }

  /**
   * Hands {@code event} to every subscribed pool. The global serial is taken only if some pool
   * accepts the event, and only once however many pools do.
   */
  public void notify(Event event) {
    long[] assigned = {-1};
    for (EventPool pool : pools.values()) {
      if (pool.subscribes(event.type())) {
        pool.accept(event, () -> {
          if (assigned[0] < 0) {
            assigned[0] = serial.next();
          }
          return assigned[0];
        });
      }
    }
  }

  public Optional<EventPool> pool(String name) {
    return Optional.ofNullable(pools.get(name));
  }

  /** The protocol state of an event listener process, empty for other processes. */
  public Optional<ListenerState> listenerState(ManagedProcess process) {
    return Optional.ofNullable(bindings.get(process)).map(b -> b.listener.state());
  }

  // LifecycleListener

  @Override
  public void groupAdded(ProcessGroup group) {
    if (group.config().kind() == GroupKind.EVENT_LISTENER) {
      EventListenerConfig lc = group.config().listener().orElseThrow(() ->
          new IllegalStateException("eventlistener " + group.name() + " without listener config"));
      var types = new LinkedHashSet<EventType>();
      for (String name : lc.events()) {
        types.add(EventType.byName(name).orElseThrow(() ->
            new IllegalStateException("unknown event type " + name)));
      }
      var pool = new EventPool(group.name(), lc.bufferSize(), types, identifier,
          () -> requestDispatch(group.name()));
      pools.put(group.name(), pool);
      for (ManagedProcess p : group.processes()) {
        var binding = new Binding(pool);
        binding.listener = pool.addListener(p.name(), new Listener.Port() {
          @Override
          public boolean running() {
            return p.state() == ProcessState.RUNNING;
          }

          @Override
          public boolean write(byte[] frame) {
            return binding.stdin != null && binding.stdin.write(frame);
          }
        });
        bindings.put(p, binding);
      }
    }
    notify(new Event.ProcessGroupEvent(group.name(), true));
  }

  @Override
  public void groupRemoved(ProcessGroup group) {
    // supervisord unsubscribes a pool before notifying its removal, so it never sees it.
    EventPool pool = pools.remove(group.name());
    if (pool != null) {
      dispatchScheduled.remove(pool);
      for (ManagedProcess p : group.processes()) {
        bindings.remove(p); // a removed group has no child left, so no stdin to let go
      }
    }
    notify(new Event.ProcessGroupEvent(group.name(), false));
  }

  @Override
  public void running() {
    notify(new Event.SupervisorStateEvent(true));
    startTicks();
  }

  @Override
  public void stopping() {
    notify(new Event.SupervisorStateEvent(false));
  }

  @Override
  public void spawned(ManagedProcess process) {
    Binding b = bindings.get(process);
    if (b != null) {
      b.stdin = supervisor.stdinOf(process).orElse(null);
      b.listener.spawned();
    }
  }

  @Override
  public void reaped(ManagedProcess process) {
    Binding b = bindings.get(process);
    if (b != null) {
      b.stdin = null; // the engine detached and closed it
      b.listener.reaped();
    }
  }

  // OutputListener

  @Override
  public void output(ManagedProcess process, Channel channel, byte[] data, int off, int len) {
    var stream = channel == Channel.STDOUT ? process.config().stdout() : process.config().stderr();
    if (stream.eventsEnabled()) {
      notify(new Event.ProcessLogEvent(process.name(), process.group(), process.pid(), channel,
          Arrays.copyOfRange(data, off, off + len)));
    }
  }

  @Override
  public void communication(ManagedProcess process, Channel channel, byte[] captured) {
    notify(new Event.ProcessCommunicationEvent(process.name(), process.group(), process.pid(),
        channel, captured));
  }

  @Override
  public void protocol(ManagedProcess listener, byte[] data, int off, int len) {
    Binding b = bindings.get(listener);
    if (b != null) {
      b.listener.received(data, off, len);
    }
  }

  // state changes

  private void stateChanged(ProcessStateChange change) {
    notify(new Event.ProcessStateEvent(change));
    EventPool pool = pools.get(change.group());
    if (pool != null && change.to() == ProcessState.RUNNING) {
      pool.processStateChanged(); // a READY listener may only now be RUNNING
    }
  }

  private void requestDispatch(String poolName) {
    EventPool pool = pools.get(poolName);
    if (pool == null || closed || Boolean.TRUE.equals(dispatchScheduled.get(pool))) {
      return;
    }
    dispatchScheduled.put(pool, true);
    reactor.at(reactor.clock().nanos(), () -> {
      dispatchScheduled.remove(pool);
      if (pools.get(poolName) == pool && !closed) {
        pool.dispatch();
      }
    });
  }

  // ticks

  /**
   * supervisord remembers the current slice of each period when its loop starts and notifies a
   * TICK when the slice changes, with {@code when} = the slice start; the first TICK can
   * therefore come sooner than a full period after start. We wake at each 5-second boundary
   * instead of checking every iteration.
   */
  private void startTicks() {
    if (ticking) {
      return;
    }
    ticking = true;
    long now = reactor.clock().wallMillis() / 1000;
    for (int i = 0; i < TICK_PERIODS.length; i++) {
      lastTick[i] = now - now % TICK_PERIODS[i];
    }
    scheduleTick();
  }

  private void scheduleTick() {
    long wall = reactor.clock().wallMillis();
    long untilBoundary = 5000 - Math.floorMod(wall, 5000L);
    reactor.at(reactor.clock().nanos() + TimeUnit.MILLISECONDS.toNanos(untilBoundary + 1),
        this::tick);
  }

  private void tick() {
    if (closed) {
      return;
    }
    long now = reactor.clock().wallMillis() / 1000;
    List<Event> due = new ArrayList<>();
    for (int i = 0; i < TICK_PERIODS.length; i++) {
      long slice = now - now % TICK_PERIODS[i];
      if (slice != lastTick[i]) {
        lastTick[i] = slice;
        due.add(new Event.TickEvent(TICK_TYPES[i], slice));
      }
    }
    due.forEach(this::notify);
    scheduleTick();
  }
}
