package org.jsupervisor.daemon;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jsupervisor.config.Config;

/**
 * The settings a live reload does not apply: {@code [supervisord]} options, the HTTP servers
 * and the rpcinterfaces. Only a restart (SIGHUP, {@code supervisor.restart}) takes them up.
 */
final class RestartOnlySettings {
  private RestartOnlySettings() {}

  /** What differs, as {@code [supervisord] option} / section names, in a stable order. */
  static List<String> changed(Config running, Config next) {
    var out = new ArrayList<String>();
    for (RecordComponent c : running.supervisord().getClass().getRecordComponents()) {
      if (!Objects.equals(value(c, running.supervisord()), value(c, next.supervisord()))) {
        out.add("[supervisord] " + optionName(c.getName()));
      }
    }
    if (!running.unixHttpServers().equals(next.unixHttpServers())) {
      out.add("[unix_http_server]");
    }
    if (!running.inetHttpServers().equals(next.inetHttpServers())) {
      out.add("[inet_http_server]");
    }
    if (!running.rpcInterfaces().equals(next.rpcInterfaces())) {
      out.add("[rpcinterface:*]");
    }
    return out;
  }

  /** The option's name in the file: {@code logfileMaxBytes} is {@code logfile_maxbytes}. */
  static String optionName(String component) {
    return switch (component) {
      case "logfileMaxBytes" -> "logfile_maxbytes";
      case "logfileBackups" -> "logfile_backups";
      case "stripAnsi" -> "strip_ansi";
      default -> component.toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static Object value(RecordComponent c, Object record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
