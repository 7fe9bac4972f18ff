package org.jsupervisor.log;

/** A child's output stream, named as supervisord names it in file names, events and RPC. */
public enum Channel {
  STDOUT("stdout"),
  STDERR("stderr");

  private final String wireName;

  Channel(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
