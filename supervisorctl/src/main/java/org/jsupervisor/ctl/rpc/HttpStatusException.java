package org.jsupervisor.ctl.rpc;

import java.io.IOException;

/** The server answered an RPC with an HTTP status other than 200 (Python's {@code ProtocolError}). */
public final class HttpStatusException extends IOException {
  private final String url;
  private final int status;
  private final String reason;

  public HttpStatusException(String url, int status, String reason) {
    super("<ProtocolError for " + url + ": " + status + " " + reason + ">");
    this.url = url;
    this.status = status;
    this.reason = reason;
  }

  public String url() {
    return url;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }
}
