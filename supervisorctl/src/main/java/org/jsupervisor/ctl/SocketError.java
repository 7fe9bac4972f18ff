package org.jsupervisor.ctl;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * A connection failure classified the way Python's {@code socket.error} would be, so that
 * supervisorctl's messages ({@code refused connection}, {@code no such file}) and its
 * {@code error: <class ...>} lines come out the same.
 *
 * @param errno the errno Python would see, 0 when unknown
 * @param pythonClass the exception class Python would raise
 * @param message Python's {@code str()} of that exception
 */
public record SocketError(int errno, String pythonClass, String message) {
  public static final int ENOENT = 2;
  public static final int EACCES = 13;
  public static final int ECONNREFUSED = 111;

  /** The classification, or null when {@code e} is not a connection failure. */
  public static SocketError classify(Exception e) {
    if (e instanceof UnresolvedAddressException) {
      return new SocketError(-2, "socket.gaierror", "[Errno -2] Name or service not known");
    }
    if (!(e instanceof IOException)) {
      return null;
    }
    String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (text.contains("refused")) {
      return new SocketError(ECONNREFUSED, "ConnectionRefusedError", "[Errno 111] Connection refused");
    }
    if (text.contains("no such file")) {
      return new SocketError(ENOENT, "FileNotFoundError", "[Errno 2] No such file or directory");
    }
    if (text.contains("permission denied")) {
      return new SocketError(EACCES, "PermissionError", "[Errno 13] Permission denied");
    }
    if (e instanceof NoRouteToHostException) {
      return new SocketError(113, "OSError", "[Errno 113] No route to host");
    }
    if (e instanceof ConnectException || e instanceof SocketException) {
      return new SocketError(0, "OSError", String.valueOf(e.getMessage()));
    }
    return null;
  }
}
