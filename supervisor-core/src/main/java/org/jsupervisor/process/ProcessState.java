package org.jsupervisor.process;

import java.util.EnumSet;
import java.util.Set;

/** The states of a supervised process, with the numeric codes supervisord puts on the wire. */
public enum ProcessState {
  STOPPED(0),
  STARTING(10),
  RUNNING(20),
  BACKOFF(30),
  STOPPING(40),
  EXITED(100),
  FATAL(200),
  UNKNOWN(1000);

  /** States in which a process has no pid and may be started again. */
  public static final Set<ProcessState> STOPPED_STATES = EnumSet.of(STOPPED, EXITED, FATAL, UNKNOWN);
  /** States that count as "running" for stop requests and supervisorctl's exit codes. */
  public static final Set<ProcessState> RUNNING_STATES = EnumSet.of(RUNNING, BACKOFF, STARTING);
  /** States in which the process has a pid that may be signalled. */
  public static final Set<ProcessState> SIGNALLABLE_STATES = EnumSet.of(RUNNING, STARTING, STOPPING);

  private final int code;

  ProcessState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public boolean isStopped() {
    return STOPPED_STATES.contains(this);
  }

  public boolean isRunning() {
    return RUNNING_STATES.contains(this);
  }

  public boolean isSignallable() {
    return SIGNALLABLE_STATES.contains(this);
  }
}
