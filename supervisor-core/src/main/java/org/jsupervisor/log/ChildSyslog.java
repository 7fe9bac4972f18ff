package org.jsupervisor.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Child output sent to the local syslog ({@code stdout_syslog}/{@code stderr_syslog}), as
 * supervisord's child {@code SyslogHandler} sends it: each line of a chunk (trailing newlines
 * dropped) as one datagram {@code <processname> <line>}, facility USER, priority INFO, ident
 * {@code supervisord}. One socket serves every child.
 *
 * <p>Loop thread only. Sends never wait: a syslogd that is behind loses lines rather than stall
 * the loop. A failure is logged once in the main log; the next chunk tries to connect again.
 */
public final class ChildSyslog implements Closeable {
  private static final Logger log = LoggerFactory.getLogger("supervisord");
  private static final int USER_INFO = 1 << 3 | 6;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

  private final String socketPath;
  private final ZoneId zone;
  private UnixDatagram socket;
  private boolean failing;

  /** Connects on first use, to {@code socketPath} ({@link MainLog#DEV_LOG} normally). */
  public ChildSyslog(String socketPath, ZoneId zone) {
    this.socketPath = socketPath;
    this.zone = zone;
  }

  public void send(String processName, byte[] data, int off, int len) {
    String text = new String(data, off, len, StandardCharsets.UTF_8);
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '\n') {
      end--;
    }
    String header = "<" + USER_INFO + ">" + STAMP.format(Instant.now().atZone(zone))
        + " supervisord: " + processName + " ";
    for (String line : text.substring(0, end).split("\n", -1)) {
      if (!sendOne((header + line).getBytes(StandardCharsets.UTF_8))) {
        return;
      }
    }
  }

  private boolean sendOne(byte[] datagram) {
    try {
      if (socket == null) {
        socket = UnixDatagram.connect(socketPath);
      }
      socket.sendNow(datagram);
      failing = false;
      return true;
    } catch (IOException | LinkageError e) { // LinkageError: libc could not be bound
      if (!failing) {
        log.error("could not send child output to syslog: {}", e.getMessage());
        failing = true;
      }
      close(); // syslogd may have restarted with a new socket: connect again next time
      return false;
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
