package org.jsupervisor.events;

/** An event listener process's protocol state, with supervisord's codes. */
public enum ListenerState {
  READY(10),
  BUSY(20),
  ACKNOWLEDGED(30),
  UNKNOWN(40);

  private final int code;

  ListenerState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
