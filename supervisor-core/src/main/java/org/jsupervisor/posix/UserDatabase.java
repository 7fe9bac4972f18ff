package org.jsupervisor.posix;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.byref.PointerByReference;

/**
 * The system's user and group databases as glibc's NSS presents them (files, LDAP, sssd...),
 * through the re-entrant {@code getpwnam_r} family. Thread-safe: every lookup has its own memory.
 *
 * <p>A lookup that fails reads as "no such entry", as with glibc's {@code getpwnam} and Python's
 * {@code pwd} module, whose {@code KeyError} supervisord reports as "Invalid user name": NSS may
 * report a missing entry as 0, ENOENT, ESRCH, EBADF or EPERM ({@code getpwnam_r(3)}), so the error
 * number does not reliably tell "missing" from "broken".
 */
public final class UserDatabase {
  /**
   * A passwd entry.
   *
   * @param home {@code pw_dir}; null if the entry has none
   */
  public record User(String name, int uid, int gid, String home) {}

  /** A group entry (its member list is not needed). */
  public record Group(String name, int gid) {}

  // struct passwd and struct group of glibc on LP64: pointers of 8 bytes, uid_t and gid_t of 4.
  private static final int PW_NAME = 0;
  private static final int PW_UID = 16;
  private static final int PW_GID = 20;
  private static final int PW_DIR = 32;
  private static final int PASSWD_BYTES = 48;
  private static final int GR_NAME = 0;
  private static final int GR_GID = 16;
  private static final int GROUP_BYTES = 32;

  /** glibc's own {@code sysconf(_SC_GETPW_R_SIZE_MAX)}; big groups need more, found by ERANGE. */
  private static final int FIRST_BUFFER_BYTES = 1024;
  /** A runaway NSS module must not exhaust memory; no real entry comes near this. */
  private static final int MAX_BUFFER_BYTES = 16 << 20;

  private UserDatabase() {}

  public static Optional<User> userNamed(String name) {
    return userNamed(name, FIRST_BUFFER_BYTES);
  }

  /** With a chosen first buffer size, so that a test can take the ERANGE path. */
  static Optional<User> userNamed(String name, int firstBufferBytes) {
    byte[] cName = cString(name);
    return cName == null
        ? Optional.empty()
        : lookup(PASSWD_BYTES, firstBufferBytes, (pwd, buf, size, result) ->
            LibC.INSTANCE.getpwnam_r(cName, pwd, buf, size, result)).map(UserDatabase::user);
  }

  public static Optional<User> userWithUid(int uid) {
    return lookup(PASSWD_BYTES, FIRST_BUFFER_BYTES, (pwd, buf, size, result) ->
        LibC.INSTANCE.getpwuid_r(uid, pwd, buf, size, result)).map(UserDatabase::user);
  }

  public static Optional<Group> groupNamed(String name) {
    byte[] cName = cString(name);
    return cName == null
        ? Optional.empty()
        : lookup(GROUP_BYTES, FIRST_BUFFER_BYTES, (grp, buf, size, result) ->
            LibC.INSTANCE.getgrnam_r(cName, grp, buf, size, result)).map(UserDatabase::group);
  }

  public static Optional<Group> groupWithGid(int gid) {
    return lookup(GROUP_BYTES, FIRST_BUFFER_BYTES, (grp, buf, size, result) ->
        LibC.INSTANCE.getgrgid_r(gid, grp, buf, size, result)).map(UserDatabase::group);
  }

  /** One {@code get*_r} call: fills {@code entry}, whose strings point into {@code buf}. */
  @FunctionalInterface
  private interface Call {
    int invoke(Pointer entry, Pointer buf, long bufBytes, PointerByReference result);
  }

  /** The filled entry, or empty; its strings stay valid while the returned pointer is reachable. */
  private static Optional<Entry> lookup(int entryBytes, int firstBufferBytes, Call call) {
    for (int size = firstBufferBytes; size <= MAX_BUFFER_BYTES; size *= 2) {
      // Direct memory, not heap-backed: jnr-ffi would copy a heap buffer to a temporary one, and
      // the entry's string pointers would point into that temporary copy.
      Pointer entry = Memory.allocateDirect(LibC.RUNTIME, entryBytes);
      Pointer buf = Memory.allocateDirect(LibC.RUNTIME, size);
      var result = new PointerByReference();
      int error = call.invoke(entry, buf, size, result);
      if (error == Errno.ERANGE) {
        continue;
      }
      return error != 0 || result.getValue() == null
          ? Optional.empty()
          : Optional.of(new Entry(entry, buf, size));
    }
    return Optional.empty();
  }

  /** A filled entry with the buffer its strings live in, kept reachable until read. */
  private record Entry(Pointer struct, Pointer buf, int bufBytes) {
    String string(int offset) {
      Pointer s = struct.getPointer(offset);
      return s == null ? null : s.getString(0, bufBytes, StandardCharsets.UTF_8);
    }
  }

  private static User user(Entry e) {
    return new User(e.string(PW_NAME), e.struct().getInt(PW_UID), e.struct().getInt(PW_GID),
        e.string(PW_DIR));
  }

  private static Group group(Entry e) {
    return new Group(e.string(GR_NAME), e.struct().getInt(GR_GID));
  }

  /** NUL-terminated UTF-8; null for a name with a NUL in it, which no entry can have. */
  private static byte[] cString(String s) {
    if (s.indexOf('\0') >= 0) {
      return null;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    byte[] c = new byte[utf8.length + 1];
    System.arraycopy(utf8, 0, c, 0, utf8.length);
    return c;
  }
}
