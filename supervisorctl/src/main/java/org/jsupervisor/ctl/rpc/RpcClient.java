package org.jsupervisor.ctl.rpc;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Calls XML-RPC methods on supervisord at {@code POST /RPC2}, keeping one HTTP/1.1 connection
 * alive between calls as Python's {@code SupervisorTransport} does.
 */
public final class RpcClient implements AutoCloseable {
  private final HttpConnection connection;

  public RpcClient(ServerUrl server, String username, String password) {
    this.connection = new HttpConnection(server, username, password);
  }

  /**
   * Calls {@code method} and returns its decoded result.
   *
   * @throws Fault the server's fault
   * @throws HttpStatusException a status other than 200 (401 when credentials are missing or wrong)
   * @throws IOException the server could not be reached or broke the protocol
   */
  public Object call(String method, Object... params) throws Fault, IOException {
    byte[] body = connection.post("/RPC2", XmlRpcCodec.encodeCall(method, params),
        (status, reason) -> new HttpStatusException("127.0.0.1/RPC2", status, reason));
    try {
      return XmlRpcCodec.decodeResponse(body);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  public String string(String method, Object... params) throws Fault, IOException {
    return String.valueOf(call(method, params));
  }

  public int integer(String method, Object... params) throws Fault, IOException {
    return ((Number) call(method, params)).intValue();
  }

  @SuppressWarnings("unchecked")
  public List<Object> list(String method, Object... params) throws Fault, IOException {
    return (List<Object>) call(method, params);
  }

  /** A call returning an array of structs. */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> structs(String method, Object... params) throws Fault, IOException {
    return (List<Map<String, Object>>) call(method, params);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> struct(String method, Object... params) throws Fault, IOException {
    return (Map<String, Object>) call(method, params);
  }

  @Override
  public void close() {
    connection.close();
  }
}
