package org.jsupervisor.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The main log sent to the local syslog socket, as supervisord's {@code logfile=syslog} does via
 * Python's {@code syslog.syslog()}: facility USER, priority INFO whatever the level, one datagram
 * per message line, each line formatted like a file line ({@code <time> <LEVL> <text>}). The
 * datagram header is glibc's local form {@code <14>Nov 23 10:00:00 supervisord: }.
 *
 * <p>logback's own SyslogAppender speaks UDP to a host, not the unix socket, so it won't do.
 */
final class SyslogAppender extends AppenderBase<ILoggingEvent> {
  private static final int USER_INFO = 1 << 3 | 6;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

  private final String socketPath;
  private final String ident;
  private final MainLogLayout layout;
  private final ZoneId zone;
  private UnixDatagram socket;

  /** Connects now so that a missing syslog is known at configure time. */
  SyslogAppender(String socketPath, String ident, MainLogLayout layout, ZoneId zone)
      throws IOException {
    this.socketPath = socketPath;
    this.ident = ident;
    this.layout = layout;
    this.zone = zone;
    this.socket = UnixDatagram.connect(socketPath);
    setName("syslog");
  }

  @Override
  protected void append(ILoggingEvent event) {
    String header =
        "<" + USER_INFO + ">"
            + STAMP.format(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone))
            + " " + ident + ": ";
    String formatted = layout.doLayout(event);
    int firstSpace = formatted.indexOf(' ', formatted.indexOf(' ') + 1); // after date and time
    int secondSpace = formatted.indexOf(' ', firstSpace + 1); // after the level code
    String prefix = formatted.substring(0, secondSpace + 1);
    String body = formatted.substring(secondSpace + 1).replaceAll("\n+$", "");
    for (String line : body.split("\n", -1)) {
      send((header + prefix + line).getBytes(StandardCharsets.UTF_8));
    }
  }

  private void send(byte[] datagram) {
    try {
      socket.send(datagram);
    } catch (IOException first) {
      // syslogd restarted: its socket is a new one, so connect again once.
      try {
        socket.close();
        socket = UnixDatagram.connect(socketPath);
        socket.send(datagram);
      } catch (IOException e) {
        addError("could not send to syslog " + socketPath, e);
      }
    }
  }

  @Override
  public void stop() {
    super.stop();
    socket.close();
  }
}
