package org.jsupervisor.config;

import jnr.posix.Group;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.Passwd;

/**
 * Resolves {@code user=}, {@code chown=} and {@code socket_owner=} against the system's user
 * and group databases at parse time, as supervisord does, so that an unknown user fails the
 * load rather than the spawn.
 */
final class Users {
  private static final POSIX POSIX = POSIXFactory.getPOSIX();

  private Users() {}

  /** A user by name or numeric uid; errors use supervisord's wording. */
  static UserId user(String nameOrUid) throws InvalidValueException {
    Integer uid = PyInt.parseOrNull(nameOrUid);
    if (uid == null) {
      Passwd pw = POSIX.getpwnam(nameOrUid);
      if (pw == null) {
        throw new InvalidValueException("Invalid user name " + nameOrUid);
      }
      return new UserId(pw.getLoginName(), (int) pw.getUID(), (int) pw.getGID());
    }
    Passwd pw = POSIX.getpwuid(uid);
    if (pw == null) {
      throw new InvalidValueException("Invalid user id " + nameOrUid);
    }
    return new UserId(pw.getLoginName(), uid, (int) pw.getGID());
  }

  /** A group id by name or number. */
  static int group(String nameOrGid) throws InvalidValueException {
    Integer gid = PyInt.parseOrNull(nameOrGid);
    if (gid == null) {
      Group gr = POSIX.getgrnam(nameOrGid);
      if (gr == null) {
        throw new InvalidValueException("Invalid group name " + nameOrGid);
      }
      return (int) gr.getGID();
    }
    if (POSIX.getgrgid(gid) == null) {
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
    return POSIX.getuid();
  }

  /** The home directory of a user, for {@code ~user} expansion; null when unknown. */
  static String home(String name) {
    Passwd pw = POSIX.getpwnam(name);
    return pw == null ? null : pw.getHome();
  }
}
