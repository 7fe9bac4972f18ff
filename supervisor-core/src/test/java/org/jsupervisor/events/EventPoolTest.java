package org.jsupervisor.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsupervisor.log.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool and the listener protocol against scripted fake listeners; no processes, no threads. */
class EventPoolTest {
  private final GlobalSerial serial = new GlobalSerial();
  private int dispatchRequests;
  private final EventPool pool = new EventPool("lis", 3, Set.of(EventType.REMOTE_COMMUNICATION),
      "supervisor", () -> dispatchRequests++);
  private final LogCapture logs = new LogCapture();

  @AfterEach void close() {
    logs.close();
  }

  /** A listener process: RUNNING or not, with a stdin that records frames or gives EPIPE. */
  private static final class FakePort implements Listener.Port {
    boolean running = true;
    boolean epipe;
    final List<String> frames = new ArrayList<>();

    @Override
    public boolean running() {
      return running;
    }

    @Override
    public boolean write(byte[] frame) {
      if (epipe) {
        return false;
      }
      frames.add(new String(frame, StandardCharsets.UTF_8));
      return true;
    }

    String lastPayload() {
      String f = frames.get(frames.size() - 1);
      return f.substring(f.indexOf('\n') + 1);
    }
  }

  private void send(String data) {
    pool.accept(new Event.RemoteCommunicationEvent("t", data), serial::next);
  }

  private static void say(Listener l, String text) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    l.received(b, 0, b.length);
  }

  @Test void readyListenerGetsTheOldestEventAndOkAcknowledges() {
    var port = new FakePort();
    Listener l = pool.addListener("l1", port);
    send("a");
    send("b");
    pool.dispatch();
    assertEquals(List.of(), port.frames); // still ACKNOWLEDGED: no READY yet
    say(l, "REA");
    assertEquals(ListenerState.ACKNOWLEDGED, l.state()); // fewer than 6 bytes: undecided
    say(l, "DY\n");
    assertEquals(ListenerState.READY, l.state());
    pool.dispatch();
    assertEquals(1, port.frames.size());
    assertEquals("ver:3.0 server:supervisor serial:0 pool:lis poolserial:0 "
        + "eventname:REMOTE_COMMUNICATION len:8\ntype:t\na", port.frames.get(0));
    assertEquals(ListenerState.BUSY, l.state());
    say(l, "RESULT 2\nOKREADY\n"); // result and next READY in one read
    assertEquals(ListenerState.READY, l.state());
    pool.dispatch();
    assertEquals("type:t\nb", port.lastPayload());
    assertEquals(0, pool.buffered());
  }

  @Test void failPutsTheEventBackAtTheHeadWithItsSerials() {
    var port = new FakePort();
    Listener l = pool.addListener("l1", port);
    say(l, "READY\n");
    send("a");
    send("b");
    pool.dispatch();
    say(l, "RESULT 4\nFAIL");
    assertEquals(ListenerState.ACKNOWLEDGED, l.state());
    assertTrue(logs.lines().contains("WARN l1: event was rejected"), logs.lines().toString());
    say(l, "READY\n");
    pool.dispatch();
    assertEquals(2, port.frames.size());
    assertEquals(port.frames.get(0), port.frames.get(1)); // same event, same serial, same poolserial
  }

  @Test void garbageMakesTheListenerUnknownForever() {
    var port = new FakePort();
    Listener l = pool.addListener("l1", port);
    say(l, "HELLO!\n");
    assertEquals(ListenerState.UNKNOWN, l.state());
    assertTrue(logs.lines().contains("WARN l1: has entered the UNKNOWN state and will no longer "
        + "receive events, this usually indicates the process violated the eventlistener "
        + "protocol"));
    say(l, "READY\n");
    assertEquals(ListenerState.UNKNOWN, l.state());
    l.spawned(); // only a new child starts over
    say(l, "READY\n");
    assertEquals(ListenerState.READY, l.state());
    say(l, "x");
    assertEquals(ListenerState.UNKNOWN, l.state()); // spurious output while READY
  }

  @Test void badResultLineRejectsTheEvent() {
    var port = new FakePort();
    Listener l = pool.addListener("l1", port);
    say(l, "READY\n");
    send("a");
    pool.dispatch();
    say(l, "RESULT two\n");
    assertEquals(ListenerState.UNKNOWN, l.state());
    assertTrue(logs.lines().contains("WARN l1: bad result line: 'RESULT two'"));
    assertEquals(1, pool.buffered());
  }

  @Test void deathWhileBusyRebuffersAndAnotherListenerGetsIt() {
    var p1 = new FakePort();
    var p2 = new FakePort();
    Listener l1 = pool.addListener("l1", p1);
    Listener l2 = pool.addListener("l2", p2);
    say(l1, "READY\n");
    send("a");
    pool.dispatch();
    assertEquals(1, p1.frames.size());
    p1.running = false;
    l1.reaped();
    say(l2, "READY\n");
    pool.dispatch();
    assertEquals(p1.frames.get(0), p2.frames.get(0));
  }

  @Test void epipeTriesTheNextListener() {
    var p1 = new FakePort();
    var p2 = new FakePort();
    Listener l1 = pool.addListener("l1", p1);
    Listener l2 = pool.addListener("l2", p2);
    say(l1, "READY\n");
    say(l2, "READY\n");
    p1.epipe = true;
    send("a");
    pool.dispatch();
    assertEquals(ListenerState.READY, l1.state());
    assertEquals(ListenerState.BUSY, l2.state());
    assertEquals(1, p2.frames.size());
  }

  @Test void onlyRunningListenersGetEvents() {
    var port = new FakePort();
    port.running = false; // e.g. STARTING, before startsecs
    Listener l = pool.addListener("l1", port);
    say(l, "READY\n");
    send("a");
    pool.dispatch();
    assertEquals(List.of(), port.frames);
    port.running = true;
    pool.dispatch();
    assertEquals(1, port.frames.size());
  }

  @Test void overflowDropsTheOldestWithSupervisordsLogLine() {
    for (int i = 0; i < 5; i++) {
      send("e" + i);
    }
    assertEquals(3, pool.buffered());
    assertEquals(2, pool.discarded());
    assertEquals(List.of("ERROR pool lis event buffer overflowed, discarding event 0",
        "ERROR pool lis event buffer overflowed, discarding event 1"), logs.errors());
    var port = new FakePort();
    Listener l = pool.addListener("l1", port);
    say(l, "READY\n");
    pool.dispatch();
    assertEquals("type:t\ne2", port.lastPayload());
    assertTrue(dispatchRequests >= 5);
  }

  @Test void resultLengthParsesAsPythonInt() {
    assertEquals(2, Listener.parseResultLength("RESULT 2".getBytes()));
    assertEquals(2, Listener.parseResultLength("XXXXXXX 2 ".getBytes())); // prefix not checked
    assertEquals(null, Listener.parseResultLength("RESULT".getBytes()));
    assertEquals(null, Listener.parseResultLength("RESULT 2x".getBytes()));
  }
}
