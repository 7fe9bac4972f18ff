package org.jsupervisor.daemon;

import org.jsupervisor.config.UserId;
import org.jsupervisor.posix.UserDatabase;

/** Resolves {@code -u}, as supervisord's {@code name_to_uid}: a number must be a known uid. */
@FunctionalInterface
public interface UserLookup {

  /**
   * @param nameOrUid an account name, or a uid in decimal
   * @throws UsageException {@code Invalid user name <v>} or {@code Invalid user id <v>}
   */
  UserId resolve(String nameOrUid) throws UsageException;

  /** The passwd database, through NSS ({@link UserDatabase}). */
  static UserLookup system() {
    return nameOrUid -> {
      Integer uid = decimalUid(nameOrUid);
      UserDatabase.User pw = uid == null
          ? UserDatabase.userNamed(nameOrUid)
              .orElseThrow(() -> new UsageException("Invalid user name " + nameOrUid))
          : UserDatabase.userWithUid(uid)
              .orElseThrow(() -> new UsageException("Invalid user id " + nameOrUid));
      return new UserId(pw.name(), pw.uid(), pw.gid());
    };
  }

  /** Python's {@code int()} decides whether the value is a uid or a name. */
  private static Integer decimalUid(String v) {
    long n;
    try {
      n = PyValues.parseInt(v);
    } catch (IllegalArgumentException e) {
      return null;
    }
    // A number outside uid_t is still a number to supervisord: "Invalid user id", never a name.
    return n < 0 || n > 0xFFFF_FFFEL ? Integer.valueOf(-1) : Integer.valueOf((int) n);
  }
}
