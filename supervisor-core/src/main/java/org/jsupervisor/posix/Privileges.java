package org.jsupervisor.posix;

import java.util.Optional;
import org.jsupervisor.config.UserId;

/**
 * Drops the whole daemon's privileges to {@code [supervisord] user=}, as supervisord does at
 * start-up. Unlike a child's user switch this must change every thread, which is exactly what
 * glibc's {@code setgid}/{@code setuid} wrappers do; it runs before any other thread exists.
 */
public final class Privileges {
  private Privileges() {}

  public static int uid() {
    return LibC.INSTANCE.getuid();
  }

  /** Returns supervisord's error text when the switch is impossible or fails. */
  public static Optional<String> dropTo(UserId user) {
    int current = uid();
    if (current == user.uid()) {
      return Optional.empty();
    }
    if (current != 0) {
      return Optional.of("Can't drop privilege as nonroot user");
    }
    if (LibC.INSTANCE.initgroups(user.name(), user.gid()) != 0) {
      return Optional.of("Could not set groups of effective user: " + Errno.name(LibC.errno()));
    }
    if (LibC.INSTANCE.setgid(user.gid()) != 0) {
      return Optional.of("Could not set group id of effective user: " + Errno.name(LibC.errno()));
    }
    if (LibC.INSTANCE.setuid(user.uid()) != 0) {
      return Optional.of("Could not set user id of effective user: " + Errno.name(LibC.errno()));
    }
    return Optional.empty();
  }
}
