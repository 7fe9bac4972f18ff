package org.jsupervisor.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a config is read against besides its text: the environment variables that become
 * {@code ENV_*} names, the host name ({@code %(host_node_name)s}) and the directory relative
 * paths are resolved in. Tests pass their own; supervisord uses {@link #system()}.
 */
public record LoadEnvironment(Map<String, String> env, String hostname, Path cwd) {
  public LoadEnvironment {
    env = Map.copyOf(env);
    cwd = cwd.toAbsolutePath().normalize();
  }

  public static LoadEnvironment system() {
    return new LoadEnvironment(System.getenv(), systemHostname(), Path.of("").toAbsolutePath());
  }

  /** {@code uname -n}, which is what Python's {@code platform.node()} returns. */
  static String systemHostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (Exception e) {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (Exception e2) {
        return "localhost";
      }
    }
  }

  /** Python's {@code tempfile.gettempdir()}: $TMPDIR, $TEMP or $TMP if a directory, else /tmp. */
  String tempdir() {
    for (String name : new String[] {"TMPDIR", "TEMP", "TMP"}) {
      String dir = env.get(name);
      if (dir != null && !dir.isEmpty() && Files.isDirectory(cwd.resolve(dir))) {
        return cwd.resolve(dir).normalize().toString();
      }
    }
    return "/tmp";
  }
}
