package org.jsupervisor.events;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jsupervisor.log.PyText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process of a pool, seen from the protocol: its {@link ListenerState}, the event it is
 * busy with, and the parser of what it writes to its stdout. Follows supervisord's
 * {@code PEventListenerDispatcher.handle_listener_state_change} byte for byte: {@code READY\n}
 * only counts once 6 bytes are there, the {@code RESULT } prefix is not checked, and anything
 * unexpected is UNKNOWN until the next spawn.
 */
final class Listener {
  private static final Logger log = LoggerFactory.getLogger("supervisord");
  private static final byte[] READY_TOKEN = "READY\n".getBytes(StandardCharsets.US_ASCII);
  private static final int RESULT_PREFIX = "RESULT ".length();

  /** The process side: whether it is RUNNING, and its stdin. */
  interface Port {
    boolean running();

    /** Queues {@code frame} for the listener's stdin; false when the pipe is gone (EPIPE). */
    boolean write(byte[] frame);
  }

  private final String name;
  private final Port port;
  private final EventPool pool;
  private ListenerState state = ListenerState.ACKNOWLEDGED;
  private Queued event;
  private byte[] buffer = new byte[0];
  private byte[] result = new byte[0];
  private int resultLen = -1;

  Listener(String name, Port port, EventPool pool) {
    this.name = name;
    this.port = port;
    this.pool = pool;
  }

  String name() {
    return name;
  }

  ListenerState state() {
    return state;
  }

  boolean running() {
    return port.running();
  }

  boolean canTakeEvent() {
    return state == ListenerState.READY && port.running();
  }

  /** A new child: supervisord creates a new dispatcher, so everything starts over. */
  void spawned() {
    state = ListenerState.ACKNOWLEDGED;
    event = null;
    buffer = new byte[0];
    result = new byte[0];
    resultLen = -1;
  }

  /** The child was reaped: an event it never answered goes back to the pool. */
  void reaped() {
    if (event != null) {
      Queued lost = event;
      event = null;
      pool.rejected(lost);
    }
  }

  /** Sends {@code q}; false (state unchanged) when the stdin pipe is gone. */
  boolean send(Queued q, byte[] frame) {
    if (!port.write(frame)) {
      log.debug("epipe occurred while sending event {} to listener {}, listener state unchanged",
          q.serial(), name);
      return false;
    }
    state = ListenerState.BUSY; // set directly, without the transition log, as supervisord does
    event = q;
    log.debug("event {} sent to listener {}", q.serial(), name);
    return true;
  }

  /** Bytes the listener wrote to its stdout. */
  void received(byte[] data, int off, int len) {
    byte[] joined = Arrays.copyOf(buffer, buffer.length + len);
    System.arraycopy(data, off, joined, buffer.length, len);
    buffer = joined;
    while (buffer.length > 0 && step()) {
      // keep going while a step consumed something and bytes remain
    }
  }

  /** One round of supervisord's parser; true when it should run again on what is left. */
  private boolean step() {
    switch (state) {
      case UNKNOWN -> {
        buffer = new byte[0];
        return false;
      }
      case ACKNOWLEDGED -> {
        if (buffer.length < READY_TOKEN.length) {
          return false;
        }
        if (Arrays.equals(buffer, 0, READY_TOKEN.length, READY_TOKEN, 0, READY_TOKEN.length)) {
          change(ListenerState.READY);
          buffer = Arrays.copyOfRange(buffer, READY_TOKEN.length, buffer.length);
          event = null;
          pool.listenerReady();
          return true;
        }
        change(ListenerState.UNKNOWN);
        buffer = new byte[0];
        event = null;
        return false;
      }
      case READY -> {
        change(ListenerState.UNKNOWN); // spurious output: supervisord is strict about it
        buffer = new byte[0];
        event = null;
        return false;
      }
      case BUSY -> {
        return busy();
      }
      default -> throw new IllegalStateException("listener state " + state);
    }
  }

  private boolean busy() {
    if (resultLen < 0) {
      int nl = indexOf(buffer, (byte) '\n');
      if (nl < 0) {
        return false;
      }
      byte[] line = Arrays.copyOf(buffer, nl);
      buffer = Arrays.copyOfRange(buffer, nl + 1, buffer.length);
      Integer parsed = parseResultLength(line);
      if (parsed == null) {
        log.warn("{}: bad result line: '{}'", name, PyText.decode(line));
        change(ListenerState.UNKNOWN);
        buffer = new byte[0];
        rejectCurrent();
        return false;
      }
      resultLen = parsed;
      return true;
    }
    int needed = resultLen - result.length;
    if (needed > 0) {
      int take = Math.min(needed, buffer.length);
      byte[] grown = Arrays.copyOf(result, result.length + take);
      System.arraycopy(buffer, 0, grown, result.length, take);
      result = grown;
      buffer = Arrays.copyOfRange(buffer, take, buffer.length);
      needed = resultLen - result.length;
    }
    if (needed == 0) {
      handleResult(result);
      event = null;
      result = new byte[0];
      resultLen = -1;
    }
    return true;
  }

  /**
   * supervisord's {@code default_handler}: {@code OK} accepts, anything else rejects. Only the
   * default result handler is supported, so "event caused an error" never happens here.
   */
  private void handleResult(byte[] body) {
    if (Arrays.equals(body, "OK".getBytes(StandardCharsets.US_ASCII))) {
      log.debug("{}: event was processed", name);
      change(ListenerState.ACKNOWLEDGED);
    } else {
      log.warn("{}: event was rejected", name);
      change(ListenerState.ACKNOWLEDGED);
      rejectCurrent();
    }
  }

  private void rejectCurrent() {
    Queued q = event;
    event = null;
    if (q != null) {
      pool.rejected(q);
    }
  }

  /** Python's {@code int(line[7:])}: optional whitespace and sign around decimal digits. */
  static Integer parseResultLength(byte[] line) {
    if (line.length < RESULT_PREFIX) {
      return null;
    }
    String text = new String(line, RESULT_PREFIX, line.length - RESULT_PREFIX,
        StandardCharsets.ISO_8859_1).strip().replace("_", "");
    if (!text.matches("[+-]?[0-9]+")) {
      return null;
    }
    try {
      int n = Integer.parseInt(text);
      return n < 0 ? 0 : n; // a negative length can never be "needed": it completes at once
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void change(ListenerState next) {
    log.debug("{}: {} -> {}", name, state, next);
    state = next;
    if (next == ListenerState.UNKNOWN) {
      log.warn("{}: has entered the UNKNOWN state and will no longer receive events, this "
          + "usually indicates the process violated the eventlistener protocol", name);
    }
  }

  private static int indexOf(byte[] data, byte b) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
