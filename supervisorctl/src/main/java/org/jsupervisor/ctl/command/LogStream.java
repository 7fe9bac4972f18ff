package org.jsupervisor.ctl.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.rpc.HttpConnection;
import org.jsupervisor.ctl.rpc.HttpResponse;
import org.jsupervisor.ctl.rpc.ServerUrl;

/**
 * Follows one of supervisord's {@code /logtail} or {@code /mainlogtail} streams, copying it to
 * stdout until Ctrl-C or the server closes it. Errors go to stderr as {@code <url> <message>},
 * which is what Python's {@code http_client.Listener} prints.
 */
final class LogStream {
  private LogStream() {}

  /** {@code tail -f} / {@code maintail -f}: the banner, then the stream; a newline when interrupted. */
  static void follow(Controller ctl, String path) {
    ctl.output("==> Press Ctrl-C to exit <==");
    ctl.interrupts().begin();
    try {
      copy(ctl, path);
    } finally {
      boolean interrupted = ctl.interrupts().fired();
      ctl.interrupts().end();
      if (interrupted) {
        ctl.output("");
      }
    }
  }

  /** Copies the stream at {@code path} to stdout; returns when it ends, fails or is interrupted. */
  static void copy(Controller ctl, String path) {
    String url = ctl.serverurl() + path;
    // Python's http_client sends Basic auth whenever a password is set.
    String password = ctl.password();
    try (var connection = new HttpConnection(ServerUrl.parse(ctl.serverurl()),
        password == null || password.isEmpty() ? null : String.valueOf(ctl.username()),
        password == null || password.isEmpty() ? null : password)) {
      HttpResponse response;
      try {
        response = connection.get(path);
      } catch (ClosedByInterruptException | InterruptedIOException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (ctl.interrupts().fired()) {
          return;
        }
        ctl.err().print(url + " Cannot connect, error: " + e + "\n");
        ctl.err().flush();
        return;
      }
      if (response.status() != 200) {
        ctl.err().print(url + " Cannot read, status code " + response.status() + "\n");
        ctl.err().flush();
        return;
      }
      pump(ctl, response.body());
    }
  }

  private static void pump(Controller ctl, InputStream body) {
    byte[] buffer = new byte[8192];
    try {
      for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
        ctl.out().write(buffer, 0, n);
        ctl.out().flush();
      }
    } catch (IOException e) {
      // Interrupted (Ctrl-C closes the channel) or the server went away: the stream is over either way.
    }
  }
}
