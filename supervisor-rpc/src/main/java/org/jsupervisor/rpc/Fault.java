package org.jsupervisor.rpc;

/**
 * An XML-RPC fault as supervisord raises it: a numeric code and the text {@code NAME} or
 * {@code NAME: detail}. Thrown by the namespaces, turned into a {@code <fault>} by the codec.
 */
public final class Fault extends RuntimeException {
  private final int code;

  public Fault(FaultCode code) {
    this(code.code(), code.name());
  }

  public Fault(FaultCode code, Object detail) {
    this(code.code(), detail == null ? code.name() : code.name() + ": " + detail);
  }

  public Fault(int code, String faultString) {
    super(faultString, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }

  public String faultString() {
    return getMessage();
  }
}
