package org.jsupervisor.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the config file when no {@code -c} is given, trying supervisord's default paths in
 * its order (the same list for supervisord and supervisorctl).
 */
public final class ConfigLocator {
  private ConfigLocator() {}

  /**
   * The candidate paths, as supervisord prints them.
   *
   * @param argv0 the program path as invoked; {@code BIN} is the parent of its directory
   *     ({@code ""} when it has no directory part)
   */
  public static List<String> searchPaths(String argv0) {
    String dir = parentOf(argv0);
    String bin = parentOf(dir);
    var paths = new ArrayList<String>();
    paths.add(join(bin, "etc/supervisord.conf"));
    paths.add(join(bin, "supervisord.conf"));
    paths.add("supervisord.conf");
    paths.add("etc/supervisord.conf");
    paths.add("/etc/supervisord.conf");
    paths.add("/etc/supervisor/supervisord.conf");
    return List.copyOf(paths);
  }

  /** The first existing candidate, relative ones resolved against {@code cwd}. */
  public static Optional<Path> locate(String argv0, Path cwd) {
    for (String candidate : searchPaths(argv0)) {
      Path path = cwd.resolve(candidate);
      if (Files.exists(path)) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }

  /** supervisord's usage error when nothing was found. */
  public static String notFoundMessage(String argv0) {
    return "No config file found at default paths (" + String.join(", ", searchPaths(argv0))
        + "); use the -c option to specify a config file at a different path";
  }

  /** Python's {@code os.path.dirname}: everything before the last slash, trailing slashes trimmed. */
  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    if (slash < 0) {
      return "";
    }
    String head = path.substring(0, slash + 1);
    String trimmed = head.replaceAll("/+$", "");
    return trimmed.isEmpty() ? head : trimmed;
  }

  /** Python's {@code os.path.join}. */
  private static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir.endsWith("/") ? dir + name : dir + "/" + name;
  }
}
