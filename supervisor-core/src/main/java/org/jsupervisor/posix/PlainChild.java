package org.jsupervisor.posix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import jnr.ffi.byref.IntByReference;

/**
 * A child started the way a plain fork and exec leaves it (as Python's {@code os.spawnv} does):
 * in this process's group, on this process's stdin, stdout and stderr. Unlike {@code fork}, no
 * other fd reaches it, and every signal starts with its default disposition and unblocked.
 */
public final class PlainChild {
  private PlainChild() {}

  /**
   * Starts {@code path} with {@code argv} (argv[0] as the child should see it) and returns its pid.
   *
   * @throws PosixException naming the failed call; glibc reports a failed exec (ENOENT, EACCES)
   *     here, not as an exit status of the child
   */
  public static int spawn(String path, List<String> argv, Map<String, String> environment) {
    var env = new ArrayList<String>(environment.size());
    environment.forEach((k, v) -> env.add(k + "=" + v));
    NativeStrings args = new NativeStrings(argv);
    NativeStrings envp = new NativeStrings(env);
    IntByReference pid = new IntByReference();
    try (SpawnSetup setup = SpawnSetup.inheritingStdio()) {
      int error = LibC.INSTANCE.posix_spawn(pid, path, setup.fileActions(), setup.attr(), args.pointer(),
          envp.pointer());
      if (error != 0) {
        throw new PosixException("posix_spawn", error);
      }
    }
    return pid.intValue();
  }

  /**
   * Blocks until {@code pid} has exited and returns its raw wait status; empty when it cannot be
   * waited for (ECHILD: with SIGCHLD ignored, the kernel reaps children itself, and waitpid
   * returns only once the last one has gone).
   */
  public static OptionalInt waitFor(int pid) {
    int[] status = new int[1];
    while (true) {
      int r = LibC.INSTANCE.waitpid(pid, status, 0);
      if (r == pid) {
        return OptionalInt.of(status[0]);
      }
      int errno = LibC.errno();
      if (errno == Errno.ECHILD) {
        return OptionalInt.empty();
      }
      if (errno != Errno.EINTR) {
        throw new PosixException("waitpid", errno);
      }
    }
  }
}
