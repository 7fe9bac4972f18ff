package org.jsupervisor.process;

/** The outcome of {@link Spawner#spawn}. */
public sealed interface SpawnResult {
  /**
   * The child runs with this pid. The fds are the daemon's ends of the child's pipes, non-blocking
   * and close-on-exec; {@code stderr} is -1 when stderr was redirected into stdout, {@code stdin}
   * is -1 when the child's fd 0 is a FastCGI socket.
   */
  record Spawned(int pid, int stdin, int stdout, int stderr) implements SpawnResult {}

  /** Nothing was started; {@code spawnerr} is supervisord's text for why. */
  record Failed(String spawnerr) implements SpawnResult {}
}
