package org.jsupervisor.process;

import org.jsupervisor.config.PyRepr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a {@code command=} line into the file to execute and its argv, with supervisord's checks
 * and spawnerr texts ({@code Subprocess.get_execv_args} and {@code check_execv_args}). Done in the
 * daemon before spawning, because a posix_spawn failure cannot say which check failed.
 */
public final class CommandResolver {
  /** supervisord's PATH when its own environment has none (or an empty one). */
  static final String DEFAULT_PATH = "/bin:/usr/bin:/usr/local/bin";

  private static final Set<PosixFilePermission> ANY_EXECUTE = Set.of(
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_EXECUTE);

  private CommandResolver() {}

  /**
   * Resolves {@code command}. A program name without {@code /} is looked up in
   * {@code childEnvironment}'s PATH when that is set (even to an empty string, as supervisord
   * does), else in the daemon's PATH. Relative paths are relative to the daemon's cwd.
   */
  public static CommandResolution resolve(String command, Map<String, String> childEnvironment) {
    return resolve(command, childEnvironment, System.getenv("PATH"));
  }

  /** As {@link #resolve(String, Map)} with the daemon's PATH given (tests). */
  static CommandResolution resolve(
      String command, Map<String, String> childEnvironment, String daemonPath) {
    List<String> argv;
    try {
      argv = CommandLine.split(command);
    } catch (CommandLine.ParseException e) {
      return new CommandResolution.Unresolved(
          "can't parse command " + PyRepr.of(command) + ": " + e.getMessage(), true);
    }
    if (argv.isEmpty()) {
      return new CommandResolution.Unresolved("command is empty", true);
    }
    String program = argv.get(0);
    String filename = program;
    Optional<PosixFileAttributes> stat;
    if (program.contains("/")) {
      stat = stat(program);
    } else {
      stat = Optional.empty();
      for (String dir : searchPath(childEnvironment, daemonPath)) {
        String candidate = join(dir, program);
        stat = stat(candidate);
        if (stat.isPresent()) { // the first entry that exists wins, even a directory
          filename = candidate;
          break;
        }
      }
    }
    if (stat.isEmpty()) {
      return new CommandResolution.Unresolved("can't find command " + PyRepr.of(filename), false);
    }
    if (stat.get().isDirectory()) {
      return new CommandResolution.Unresolved(
          "command at " + PyRepr.of(filename) + " is a directory", true);
    }
    if (stat.get().permissions().stream().noneMatch(ANY_EXECUTE::contains)) {
      return new CommandResolution.Unresolved(
          "command at " + PyRepr.of(filename) + " is not executable", true);
    }
    if (!Files.isExecutable(Path.of(filename))) { // access(X_OK), as the daemon's real uid
      return new CommandResolution.Unresolved(
          "no permission to run command " + PyRepr.of(filename), true);
    }
    return new CommandResolution.Resolved(filename, List.copyOf(argv));
  }

  private static List<String> searchPath(Map<String, String> childEnvironment, String daemonPath) {
    String path = childEnvironment.get("PATH");
    if (path == null) {
      path = daemonPath == null || daemonPath.isEmpty() ? DEFAULT_PATH : daemonPath;
    }
    return Arrays.asList(path.split(":", -1));
  }

  /** Python's os.path.join for two parts. */
  private static String join(String dir, String name) {
    return dir.isEmpty() || dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  /** os.stat: follows symlinks; any failure counts as "not there". */
  private static Optional<PosixFileAttributes> stat(String file) {
    try {
      return Optional.of(Files.readAttributes(Path.of(file), PosixFileAttributes.class));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
