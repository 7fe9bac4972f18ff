package org.jsupervisor.ctl.rpc;

import java.io.InputStream;
import java.util.Map;

/**
 * A response's head and its body stream (already de-chunked).
 *
 * @param status the status code
 * @param reason the reason phrase
 * @param headers header names lower-cased, last one wins
 * @param body the body; for a streamed response it ends only when the server closes
 */
public record HttpResponse(int status, String reason, Map<String, String> headers, InputStream body) {

  /** Whether the server will close the connection after this response. */
  public boolean closes(String version) {
    String connection = headers.getOrDefault("connection", "");
    if (connection.equalsIgnoreCase("close")) {
      return true;
    }
    return version.equals("HTTP/1.0") && !connection.equalsIgnoreCase("keep-alive");
  }
}
