package org.jsupervisor.events;

import org.jsupervisor.log.Channel;
import org.jsupervisor.log.PyText;
import org.jsupervisor.process.ProcessState;
import org.jsupervisor.process.ProcessStateChange;

/**
 * One event, as supervisord notifies it: a {@link #type()} and the exact {@link #payload()} text
 * a listener receives after the header. Values are captured when the event is created (the pid
 * of the change, not the pid when the event is finally sent), as supervisord renders them eagerly.
 */
public sealed interface Event {
  EventType type();

  /** The payload text; its length on the wire is counted in code points ({@link Envelope}). */
  String payload();

  /**
   * PROCESS_STATE_*: {@code processname:p groupname:g from_state:S} plus, by target state,
   * {@code tries:n} (STARTING, BACKOFF), {@code expected:1|0 pid:n} (EXITED), {@code pid:n}
   * (RUNNING, STOPPING, STOPPED) or nothing (FATAL, UNKNOWN); no trailing newline.
   */
  record ProcessStateEvent(ProcessStateChange change) implements Event {
    @Override
    public EventType type() {
      return EventType.valueOf("PROCESS_STATE_" + change.to().name());
    }

    @Override
    public String payload() {
      String head = "processname:" + change.name() + " groupname:" + change.group()
          + " from_state:" + change.from().name();
      ProcessState to = change.to();
      return switch (to) {
        case STARTING, BACKOFF -> head + " tries:" + change.tries();
        case EXITED -> head + " expected:" + (change.expected() ? 1 : 0) + " pid:" + change.pid();
        case RUNNING, STOPPING, STOPPED -> head + " pid:" + change.pid();
        case FATAL, UNKNOWN -> head;
      };
    }
  }

  /** PROCESS_LOG_STDOUT/STDERR: a chunk of output of a stream with events enabled. */
  record ProcessLogEvent(String process, String group, int pid, Channel channel, byte[] data)
      implements Event {
    @Override
    public EventType type() {
      return channel == Channel.STDOUT ? EventType.PROCESS_LOG_STDOUT : EventType.PROCESS_LOG_STDERR;
    }

    @Override
    public String payload() {
      return "processname:" + process + " groupname:" + group + " pid:" + pid + " channel:"
          + channel.wireName() + "\n" + PyText.decode(data);
    }
  }

  /** PROCESS_COMMUNICATION_STDOUT/STDERR: what a child wrote between the capture tokens. */
  record ProcessCommunicationEvent(String process, String group, int pid, Channel channel,
      byte[] data) implements Event {
    @Override
    public EventType type() {
      return channel == Channel.STDOUT ? EventType.PROCESS_COMMUNICATION_STDOUT
          : EventType.PROCESS_COMMUNICATION_STDERR;
    }

    @Override
    public String payload() {
      return "processname:" + process + " groupname:" + group + " pid:" + pid + "\n"
          + PyText.decode(data);
    }
  }

  /** REMOTE_COMMUNICATION: the {@code sendRemoteCommEvent(type, data)} RPC. */
  record RemoteCommunicationEvent(String remoteType, String data) implements Event {
    @Override
    public EventType type() {
      return EventType.REMOTE_COMMUNICATION;
    }

    @Override
    public String payload() {
      return "type:" + remoteType + "\n" + data;
    }
  }

  /** SUPERVISOR_STATE_CHANGE_RUNNING / _STOPPING, with an empty payload. */
  record SupervisorStateEvent(boolean running) implements Event {
    @Override
    public EventType type() {
      return running ? EventType.SUPERVISOR_STATE_CHANGE_RUNNING
          : EventType.SUPERVISOR_STATE_CHANGE_STOPPING;
    }

    @Override
    public String payload() {
      return "";
    }
  }

  /** TICK_5/60/3600: {@code when:} is the start of the period slice, in epoch seconds. */
  record TickEvent(EventType type, long when) implements Event {
    public TickEvent {
      if (type != EventType.TICK_5 && type != EventType.TICK_60 && type != EventType.TICK_3600) {
        throw new IllegalArgumentException("not a concrete TICK type: " + type);
      }
    }

    @Override
    public String payload() {
      return "when:" + when;
    }
  }

  /** PROCESS_GROUP_ADDED/REMOVED; unlike the others this payload ends with a newline. */
  record ProcessGroupEvent(String group, boolean added) implements Event {
    @Override
    public EventType type() {
      return added ? EventType.PROCESS_GROUP_ADDED : EventType.PROCESS_GROUP_REMOVED;
    }

    @Override
    public String payload() {
      return "groupname:" + group + "\n";
    }
  }
}
