package org.jsupervisor.config;

import org.jsupervisor.posix.LibC;
import org.jsupervisor.posix.UserDatabase;

/**
 * Resolves {@code user=}, {@code chown=} and {@code socket_owner=} against the system's user
 * and group databases at parse time, as supervisord does, so that an unknown user fails the
 * load rather than the spawn.
 */
final class Users {
  private Users() {}

  /** A user by name or numeric uid; errors use supervisord's wording. */
  static UserId user(String nameOrUid) throws InvalidValueException {
    Integer uid = PyInt.parseOrNull(nameOrUid);
    if (uid == null) {
      UserDatabase.User pw = UserDatabase.userNamed(nameOrUid)
          .orElseThrow(() -> new InvalidValueException("Invalid user name " + nameOrUid));
      return new UserId(pw.name(), pw.uid(), pw.gid());
    }
    UserDatabase.User pw = UserDatabase.userWithUid(uid)
        .orElseThrow(() -> new InvalidValueException("Invalid user id " + nameOrUid));
    return new UserId(pw.name(), uid, pw.gid());
  }

  /** A group id by name or number. */
  static int group(String nameOrGid) throws InvalidValueException {
    Integer gid = PyInt.parseOrNull(nameOrGid);
    if (gid == null) {
      return UserDatabase.groupNamed(nameOrGid)
          .orElseThrow(() -> new InvalidValueException("Invalid group name " + nameOrGid))
          .gid();
    }
    if (UserDatabase.groupWithGid(gid).isEmpty()) {
      throw new InvalidValueException("Invalid group id " + nameOrGid);
    }
    return gid;
  }

  /** {@code user} or {@code user:group}; the gid is -1 when no group is given. */
  static int[] userGroup(String spec) throws InvalidValueException {
    try {
      int colon = spec.indexOf(':');
      if (colon < 0) {
        return new int[] {user(spec).uid(), -1};
      }
      return new int[] {user(spec.substring(0, colon)).uid(), group(spec.substring(colon + 1))};
    } catch (InvalidValueException e) {
      throw new InvalidValueException("Invalid user:group definition " + spec);
    }
  }

  static int currentUid() {
    return LibC.INSTANCE.getuid();
  }

  /** The home directory of a user, for {@code ~user} expansion; null when unknown. */
  static String home(String name) {
    return UserDatabase.userNamed(name).map(UserDatabase.User::home).orElse(null);
  }
}
