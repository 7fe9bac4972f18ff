package org.jsupervisor.process;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jsupervisor.config.UserId;

/**
 * Everything needed to start one child.
 *
 * @param processName for messages ({@code too many open files to spawn 'web'})
 * @param path the resolved executable (see {@link CommandResolver})
 * @param argv the full argument vector, argv[0] as written in the command
 * @param environment the child's complete environment
 * @param directory chdir target, if any
 * @param umask the child's umask, if set; otherwise it inherits the daemon's
 * @param user switch to this user (only possible when the daemon runs as root)
 * @param redirectStderr send fd 2 into the stdout pipe instead of a pipe of its own
 * @param stdinSocket a FastCGI program's listening socket, to be the child's fd 0 instead of a
 *     stdin pipe (the spawner neither closes it nor gives the daemon a stdin fd)
 */
public record SpawnRequest(
    String processName,
    String path,
    List<String> argv,
    Map<String, String> environment,
    Optional<String> directory,
    OptionalInt umask,
    Optional<UserId> user,
    boolean redirectStderr,
    OptionalInt stdinSocket) {

  /** A request whose child gets a stdin pipe. */
  public SpawnRequest(String processName, String path, List<String> argv,
      Map<String, String> environment, Optional<String> directory, OptionalInt umask,
      Optional<UserId> user, boolean redirectStderr) {
    this(processName, path, argv, environment, directory, umask, user, redirectStderr,
        OptionalInt.empty());
  }

  /** This request with {@code fd} as the child's fd 0. */
  public SpawnRequest withStdinSocket(int fd) {
    return new SpawnRequest(processName, path, argv, environment, directory, umask, user,
        redirectStderr, OptionalInt.of(fd));
  }
}
