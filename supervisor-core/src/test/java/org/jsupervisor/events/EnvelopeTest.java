package org.jsupervisor.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.jsupervisor.log.Channel;
import org.jsupervisor.process.ProcessState;
import org.jsupervisor.process.ProcessStateChange;
import org.junit.jupiter.api.Test;

/** Exact bytes of every event type, against frames verified on supervisord 4.2.5. */
class EnvelopeTest {
  private static String frame(long serial, long poolSerial, Event e) {
    return new String(Envelope.encode("supervisor", serial, "lis", poolSerial, e),
        StandardCharsets.UTF_8);
  }

  private static String header(long serial, String name, int len) {
    return "ver:3.0 server:supervisor serial:" + serial + " pool:lis poolserial:" + serial
        + " eventname:" + name + " len:" + len + "\n";
  }

  private static Event state(ProcessState from, ProcessState to, int pid, int tries,
      boolean expected) {
    return new Event.ProcessStateEvent(
        new ProcessStateChange("grp", "g2", from, to, pid, tries, expected));
  }

  @Test void exitedMatchesTheVerifiedFrame() {
    var e = new Event.ProcessStateEvent(new ProcessStateChange("exiter", "exiter",
        ProcessState.RUNNING, ProcessState.EXITED, 7729, 0, false));
    byte[] bytes = Envelope.encode("supervisor", 33, "lis", 33, e);
    assertEquals(header(33, "PROCESS_STATE_EXITED", 74)
        + "processname:exiter groupname:exiter from_state:RUNNING expected:0 pid:7729",
        new String(bytes, StandardCharsets.UTF_8));
  }

  @Test void everyProcessStateCarriesItsExtras() {
    String p = "processname:g2 groupname:grp from_state:";
    assertEquals(p + "STOPPED tries:0",
        state(ProcessState.STOPPED, ProcessState.STARTING, 0, 0, true).payload());
    assertEquals(p + "STARTING tries:2",
        state(ProcessState.STARTING, ProcessState.BACKOFF, 0, 2, true).payload());
    assertEquals(p + "STARTING pid:42",
        state(ProcessState.STARTING, ProcessState.RUNNING, 42, 0, true).payload());
    assertEquals(p + "RUNNING pid:42",
        state(ProcessState.RUNNING, ProcessState.STOPPING, 42, 0, true).payload());
    assertEquals(p + "STOPPING pid:42",
        state(ProcessState.STOPPING, ProcessState.STOPPED, 42, 0, true).payload());
    assertEquals(p + "BACKOFF pid:0",
        state(ProcessState.BACKOFF, ProcessState.STOPPED, 0, 1, true).payload());
    assertEquals(p + "RUNNING expected:1 pid:42",
        state(ProcessState.RUNNING, ProcessState.EXITED, 42, 0, true).payload());
    assertEquals(p + "BACKOFF",
        state(ProcessState.BACKOFF, ProcessState.FATAL, 0, 0, true).payload());
    assertEquals(p + "STOPPING",
        state(ProcessState.STOPPING, ProcessState.UNKNOWN, 42, 0, true).payload());
    assertEquals(EventType.PROCESS_STATE_FATAL,
        state(ProcessState.BACKOFF, ProcessState.FATAL, 0, 0, true).type());
  }

  @Test void groupEventsEndWithANewline() {
    assertEquals(header(0, "PROCESS_GROUP_ADDED", 14) + "groupname:lis\n",
        frame(0, 0, new Event.ProcessGroupEvent("lis", true)));
    assertEquals(header(1, "PROCESS_GROUP_REMOVED", 14) + "groupname:lis\n",
        frame(1, 1, new Event.ProcessGroupEvent("lis", false)));
  }

  @Test void supervisorStateEventsAreEmpty() {
    assertEquals(header(2, "SUPERVISOR_STATE_CHANGE_RUNNING", 0),
        frame(2, 2, new Event.SupervisorStateEvent(true)));
    assertEquals(header(3, "SUPERVISOR_STATE_CHANGE_STOPPING", 0),
        frame(3, 3, new Event.SupervisorStateEvent(false)));
  }

  @Test void ticks() {
    assertEquals(header(4, "TICK_5", 15) + "when:1795429780",
        frame(4, 4, new Event.TickEvent(EventType.TICK_5, 1795429780)));
    assertEquals(header(4, "TICK_60", 15) + "when:1795429740",
        frame(4, 4, new Event.TickEvent(EventType.TICK_60, 1795429740)));
    assertEquals(header(4, "TICK_3600", 15) + "when:1795428000",
        frame(4, 4, new Event.TickEvent(EventType.TICK_3600, 1795428000)));
  }

  @Test void communicationAndLogEvents() {
    assertEquals(header(5, "PROCESS_COMMUNICATION_STDOUT", 58)
        + "processname:talker groupname:talker pid:9708\ncaptured data",
        frame(5, 5, new Event.ProcessCommunicationEvent("talker", "talker", 9708, Channel.STDOUT,
            "captured data".getBytes(StandardCharsets.UTF_8))));
    assertEquals("processname:t groupname:g pid:1\nx",
        new Event.ProcessCommunicationEvent("t", "g", 1, Channel.STDERR, new byte[] {'x'})
            .payload());
    assertEquals(EventType.PROCESS_COMMUNICATION_STDERR,
        new Event.ProcessCommunicationEvent("t", "g", 1, Channel.STDERR, new byte[0]).type());
    var log = new Event.ProcessLogEvent("web", "web", 7, Channel.STDERR,
        "oops\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(header(6, "PROCESS_LOG_STDERR", 56)
        + "processname:web groupname:web pid:7 channel:stderr\noops\n", frame(6, 6, log));
    assertEquals(EventType.PROCESS_LOG_STDOUT,
        new Event.ProcessLogEvent("web", "web", 7, Channel.STDOUT, new byte[0]).type());
  }

  @Test void lenCountsCodePointsNotBytes() {
    String f = frame(7, 7, new Event.RemoteCommunicationEvent("t", "h\u00e9llo"));
    assertEquals(header(7, "REMOTE_COMMUNICATION", 12) + "type:t\nh\u00e9llo", f);
    assertEquals(13, "type:t\nh\u00e9llo".getBytes(StandardCharsets.UTF_8).length);
  }

  @Test void undecodableOutputIsShownAsPythonBytes() {
    var e = new Event.ProcessLogEvent("p", "g", 1, Channel.STDOUT,
        new byte[] {'a', (byte) 0xff, '\n', '\''});
    assertEquals("processname:p groupname:g pid:1 channel:stdout\n"
        + "Undecodable: b\"a\\xff\\n'\"", e.payload());
  }

  @Test void subscriptionsFollowTheHierarchy() {
    assertTrue(EventType.PROCESS_STATE_EXITED.isA(EventType.PROCESS_STATE));
    assertTrue(EventType.TICK_60.isA(EventType.EVENT));
    assertTrue(EventType.PROCESS_LOG_STDOUT.isA(EventType.PROCESS_LOG));
    assertFalse(EventType.PROCESS_LOG_STDOUT.isA(EventType.PROCESS_COMMUNICATION));
    assertFalse(EventType.PROCESS_STATE.isA(EventType.PROCESS_STATE_EXITED));
    assertEquals(27, EventType.values().length);
    for (String name : org.jsupervisor.config.EventTypeNames.ALL) {
      assertTrue(EventType.byName(name.toLowerCase()).isPresent(), name);
    }
  }
}
