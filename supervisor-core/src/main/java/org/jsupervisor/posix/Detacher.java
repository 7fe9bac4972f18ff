package org.jsupervisor.posix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jnr.ffi.byref.IntByReference;

/**
 * Starts a detached copy of a daemon: the JVM cannot fork itself, so supervisord's
 * fork-setsid-chdir-umask dance becomes one {@code posix_spawn} of the same command line with
 * {@code POSIX_SPAWN_SETSID}, stdio on {@code /dev/null}, the daemon's {@code directory} and
 * {@code umask}, and every signal reset to its default.
 */
public final class Detacher {
  private Detacher() {}

  /**
   * Spawns {@code argv} (argv[0] an absolute path) in a new session and returns its pid.
   *
   * @throws PosixException naming the failed call
   */
  public static int spawnDetached(List<String> argv, Map<String, String> environment,
      Optional<String> directory, int umask) {
    return PosixSpawner.onFreshThread("detach", () -> {
      // A private umask for this thread only, inherited by the child (see PosixSpawner).
      ThreadCredentials.unshareFs();
      ThreadCredentials.umask(umask);
      int devNull = LibC.INSTANCE.open("/dev/null", LibC.O_RDWR | LibC.O_CLOEXEC, 0);
      if (devNull < 0) {
        throw new PosixException("open /dev/null", LibC.errno());
      }
      var env = new ArrayList<String>();
      environment.forEach((k, v) -> env.add(k + "=" + v));
      NativeStrings args = new NativeStrings(argv);
      NativeStrings envp = new NativeStrings(env);
      IntByReference pid = new IntByReference();
      try (SpawnSetup setup = new SpawnSetup(devNull, devNull, devNull, directory.orElse(null),
          SpawnSetup.Grouping.NEW_SESSION)) {
        int error = LibC.INSTANCE.posix_spawn(pid, argv.get(0), setup.fileActions(), setup.attr(),
            args.pointer(), envp.pointer());
        if (error != 0) {
          throw new PosixException("posix_spawn", error);
        }
      } finally {
        LibC.INSTANCE.close(devNull);
      }
      return pid.intValue();
    });
  }

  /** {@code waitpid(pid, WNOHANG)}: the raw status once {@code pid} has exited, else empty. */
  public static Optional<Integer> exitStatus(int pid) {
    int[] status = new int[1];
    int r = LibC.INSTANCE.waitpid(pid, status, LibC.WNOHANG);
    return r == pid ? Optional.of(status[0]) : Optional.empty();
  }
}
