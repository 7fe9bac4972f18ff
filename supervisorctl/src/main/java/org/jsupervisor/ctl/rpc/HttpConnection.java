package org.jsupervisor.ctl.rpc;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over one {@link SocketChannel} (TCP or unix socket): exactly what
 * supervisorctl needs — POST with a Content-Length body and GET of a possibly endless chunked
 * stream. The JDK's {@code java.net.http} client cannot reach unix sockets and costs noticeable
 * start-up time, hence this class.
 */
public final class HttpConnection implements AutoCloseable {
  private final ServerUrl server;
  private final String authorization;
  private SocketChannel channel;
  private InputStream in;
  private OutputStream out;

  /** @param username sent with {@code password} as Basic auth only when both are non-null */
  public HttpConnection(ServerUrl server, String username, String password) {
    this.server = server;
    this.authorization = username != null && password != null
        ? "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8))
        : null;
  }

  /** POSTs {@code body} and reads the whole response body; reuses the connection when it can. */
  public byte[] post(String path, byte[] body, StatusCheck check) throws IOException {
    boolean reused = channel != null;
    try {
      return postOnce(path, body, check);
    } catch (HttpStatusException e) {
      throw e;
    } catch (IOException e) {
      close();
      if (!reused) {
        throw e;
      }
      // The server may drop an idle keep-alive connection; one fresh attempt is what httplib does too.
      return postOnce(path, body, check);
    }
  }

  private byte[] postOnce(String path, byte[] body, StatusCheck check) throws IOException {
    ensureOpen();
    var head = new StringBuilder()
        .append("POST ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(server.hostHeader()).append("\r\n")
        .append("Accept-Encoding: gzip\r\n")
        .append("User-Agent: jsupervisor-supervisorctl\r\n")
        .append("Content-Type: text/xml\r\n")
        .append("Accept: text/xml\r\n");
    if (authorization != null) {
      head.append("Authorization: ").append(authorization).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
    String[] status = new String[1];
    HttpResponse response = readResponse(status);
    if (response.status() != 200) {
      close();
      throw check.failed(response.status(), response.reason());
    }
    byte[] data = response.body().readAllBytes();
    if (response.closes(status[0])) {
      close();
    }
    return data;
  }

  /** Sends a GET on a fresh connection and returns the response; the caller reads and closes. */
  public HttpResponse get(String path) throws IOException {
    close();
    ensureOpen();
    var head = new StringBuilder()
        .append("GET ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(server.hostHeader()).append("\r\n")
        .append("Accept-Encoding: chunked\r\n")
        .append("Accept: */*\r\n")
        .append("User-agent: jsupervisor-supervisorctl\r\n");
    if (authorization != null) {
      head.append("Authorization: ").append(authorization).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return readResponse(new String[1]);
  }

  private void ensureOpen() throws IOException {
    if (channel == null) {
      channel = server.connect();
      in = new BufferedInputStream(Channels.newInputStream(channel), 16384);
      out = Channels.newOutputStream(channel);
    }
  }

  private HttpResponse readResponse(String[] version) throws IOException {
    String statusLine = readLine(in);
    while (statusLine.isEmpty()) {
      statusLine = readLine(in);
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("bad HTTP status line: " + statusLine);
    }
    version[0] = parts[0];
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad HTTP status line: " + statusLine);
    }
    String reason = parts.length > 2 ? parts[2] : "";
    Map<String, String> headers = new HashMap<>();
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
      }
    }
    InputStream body;
    if (headers.getOrDefault("transfer-encoding", "").equalsIgnoreCase("chunked")) {
      body = new ChunkedInputStream(in);
    } else if (headers.containsKey("content-length")) {
      body = new LimitedInputStream(in, Long.parseLong(headers.get("content-length")));
    } else {
      body = in;
    }
    return new HttpResponse(status, reason, headers, body);
  }

  static String readLine(InputStream in) throws IOException {
    var line = new ByteArrayOutputStream(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed by server");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to do: the connection is gone either way
      }
      channel = null;
      in = null;
      out = null;
    }
  }

  /** Turns a non-200 status into the exception the caller reports. */
  @FunctionalInterface
  public interface StatusCheck {
    IOException failed(int status, String reason);
  }

  /** A Content-Length body. */
  private static final class LimitedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    LimitedInputStream(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("connection closed with " + left + " body bytes missing");
      }
      left -= n;
      return n;
    }
  }

  /** A chunked body, handed on as the chunks arrive. */
  private static final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long left;
    private boolean done;

    ChunkedInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = readLine(in);
        int semicolon = size.indexOf(';');
        left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (left == 0) {
          for (String trailer = readLine(in); !trailer.isEmpty(); trailer = readLine(in)) {
            // trailers are of no interest
          }
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("connection closed inside a chunk");
      }
      left -= n;
      if (left == 0) {
        readLine(in);
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return done ? 0 : (int) Math.min(left, in.available());
    }
  }
}
