package org.jsupervisor.posix;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The {@code posix_spawn} file actions and attributes for one child, which together do what
 * supervisord's forked child does before exec: own process group, stdio on the pipes, no other
 * fd, default signal dispositions and an empty mask, chdir. Close it to release glibc's memory.
 */
final class SpawnSetup implements AutoCloseable {
  /** Where the child goes relative to its parent's process group and session. */
  enum Grouping {
    /** Leader of a new process group in the parent's session (supervisord's children). */
    NEW_GROUP,
    /** Leader of a new session (a daemon detaching from its terminal). */
    NEW_SESSION,
    /** In the parent's own group, as a plain fork and exec leaves it (pidproxy's command). */
    SAME_GROUP
  }

  private final Pointer fileActions = Memory.allocateDirect(LibC.RUNTIME, LibC.SPAWN_STRUCT_BYTES, true);
  private final Pointer attr = Memory.allocateDirect(LibC.RUNTIME, LibC.SPAWN_STRUCT_BYTES, true);
  private final Pointer emptySet = Memory.allocateDirect(LibC.RUNTIME, LibC.SIGSET_BYTES, true);
  private final Pointer fullSet = Memory.allocateDirect(LibC.RUNTIME, LibC.SIGSET_BYTES, true);
  private boolean fileActionsInitialised;
  private boolean attrInitialised;

  /**
   * @param stdin the child's end of the stdin pipe, to become fd 0
   * @param stdout the child's end of the stdout pipe, to become fd 1
   * @param stderr the fd to become fd 2 (the stdout pipe when stderr is redirected)
   * @param directory chdir target or null
   */
  SpawnSetup(int stdin, int stdout, int stderr, String directory) {
    this(stdin, stdout, stderr, directory, Grouping.NEW_GROUP);
  }

  /** A child that shares this process's stdio and process group, with nothing else inherited. */
  static SpawnSetup inheritingStdio() {
    return new SpawnSetup(-1, -1, -1, null, Grouping.SAME_GROUP);
  }

  /**
   * @param stdin the fd to become fd 0, or -1 to keep this process's fd 0 (likewise stdout,
   *     stderr)
   * @param grouping the child's process group
   */
  SpawnSetup(int stdin, int stdout, int stderr, String directory, Grouping grouping) {
    LibC c = LibC.INSTANCE;
    check("posix_spawn_file_actions_init", c.posix_spawn_file_actions_init(fileActions));
    fileActionsInitialised = true;
    int[] stdio = {stdin, stdout, stderr};
    for (int fd = 0; fd < stdio.length; fd++) {
      if (stdio[fd] >= 0) {
        check("posix_spawn_file_actions_adddup2", c.posix_spawn_file_actions_adddup2(fileActions, stdio[fd], fd));
      }
    }
    // The JDK opens fds without O_CLOEXEC (sockets, log files, the module image): close every fd
    // above 2 in the child, as supervisord closes 3..minfds-1.
    check("posix_spawn_file_actions_addclosefrom_np", c.posix_spawn_file_actions_addclosefrom_np(fileActions, 3));
    if (directory != null) {
      check("posix_spawn_file_actions_addchdir_np", c.posix_spawn_file_actions_addchdir_np(fileActions, directory));
    }

    check("posix_spawnattr_init", c.posix_spawnattr_init(attr));
    attrInitialised = true;
    check("sigemptyset", c.sigemptyset(emptySet) == 0 ? 0 : LibC.errno());
    check("sigfillset", c.sigfillset(fullSet) == 0 ? 0 : LibC.errno());
    // sigfillset leaves out glibc's internal signals 32 and 33 (SIGCANCEL, SIGSETXID), and
    // glibc 2.36's spawn child then sets every blocked signal missing from this set to SIG_IGN,
    // which exec keeps: children would start with 32 and 33 ignored. Set their bits by hand
    // (sigaddset refuses them); nothing sends them to the child, which is not one of our threads.
    fullSet.putLong(0, fullSet.getLong(0) | (1L << (32 - 1)) | (1L << (33 - 1)));
    // Own process group (supervisord's setpgrp) so a Ctrl-C at the daemon's terminal does not hit
    // children and stopasgroup can reach grandchildren; pgroup 0 means "pid of the child".
    if (grouping == Grouping.NEW_GROUP) {
      check("posix_spawnattr_setpgroup", c.posix_spawnattr_setpgroup(attr, 0));
    }
    // Dispositions the JVM set to "ignore" (SIGINT when started with & from a script) survive exec;
    // reset all of them. The spawning thread's mask could hold blocked signals; start empty.
    check("posix_spawnattr_setsigdefault", c.posix_spawnattr_setsigdefault(attr, fullSet));
    check("posix_spawnattr_setsigmask", c.posix_spawnattr_setsigmask(attr, emptySet));
    int group = switch (grouping) {
      case NEW_GROUP -> LibC.POSIX_SPAWN_SETPGROUP;
      case NEW_SESSION -> LibC.POSIX_SPAWN_SETSID;
      case SAME_GROUP -> 0;
    };
    short flags = (short) (group | LibC.POSIX_SPAWN_SETSIGDEF | LibC.POSIX_SPAWN_SETSIGMASK);
    check("posix_spawnattr_setflags", c.posix_spawnattr_setflags(attr, flags));
  }

  Pointer fileActions() {
    return fileActions;
  }

  Pointer attr() {
    return attr;
  }

  /** The posix_spawn family returns the error number itself. */
  private void check(String call, int error) {
    if (error != 0) {
      close();
      throw new PosixException(call, error);
    }
  }

  @Override
  public void close() {
    if (fileActionsInitialised) {
      LibC.INSTANCE.posix_spawn_file_actions_destroy(fileActions);
      fileActionsInitialised = false;
    }
    if (attrInitialised) {
      LibC.INSTANCE.posix_spawnattr_destroy(attr);
      attrInitialised = false;
    }
  }
}
