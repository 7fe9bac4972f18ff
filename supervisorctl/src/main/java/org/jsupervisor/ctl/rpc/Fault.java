package org.jsupervisor.ctl.rpc;

/** An XML-RPC fault answered by the server: supervisor's numeric code and its {@code NAME: detail} text. */
public final class Fault extends Exception {
  private final int code;
  private final String faultString;

  public Fault(int code, String faultString) {
    super(faultString);
    this.code = code;
    this.faultString = faultString;
  }

  public int code() {
    return code;
  }

  public String faultString() {
    return faultString;
  }
}
