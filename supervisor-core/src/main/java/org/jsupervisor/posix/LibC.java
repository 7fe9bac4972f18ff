package org.jsupervisor.posix;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;

/**
 * The libc calls we make (glibc ≥ 2.34, Linux x86-64 and arm64), bound with jnr-ffi directly.
 *
 * <p>Deliberately not jnr-posix, although it is built on jnr-ffi and covers most of these: jnr-ffi
 * generates an implementation class with ASM for each interface it binds, and jnr-posix's POSIX
 * interface is huge. Measured: without it the daemon loads ~170 fewer classes and, idle with 500
 * programs, its RSS fell from 73 MB to 59-71 MB; with the JVM's default flags loading jnr-posix
 * alone cost 10-38 MB. An interface holding only the calls we use costs little: add a method
 * here rather than pulling in a library.
 *
 * <p>Remember: the {@code posix_spawn*} and {@code get*_r} families return the error number;
 * everything else returns -1 and leaves it in errno, read with {@link #errno()}. Opaque glibc
 * structures are passed as {@link Pointer}s to memory of {@link #SPAWN_STRUCT_BYTES}.
 *
 * <p>Public only because jnr-ffi generates the implementation in its own class loader and cannot
 * implement a package-private interface; it is not part of the API. Use {@link Fds},
 * {@link Poller}, {@link PosixSpawner} and the other classes of this package instead.
 */
@SaveError
public interface LibC {
  /** Larger than glibc's posix_spawnattr_t (336 bytes) and posix_spawn_file_actions_t (80). */
  int SPAWN_STRUCT_BYTES = 512;
  /** glibc's sigset_t is 1024 bits. */
  int SIGSET_BYTES = 128;

  int POSIX_SPAWN_SETPGROUP = 0x02;
  int POSIX_SPAWN_SETSIGDEF = 0x04;
  int POSIX_SPAWN_SETSIGMASK = 0x08;
  int POSIX_SPAWN_SETSID = 0x80;
  int O_RDWR = 0x2;
  int O_WRONLY = 0x1;
  int O_CREAT = 0x40;
  int O_TRUNC = 0x200;
  int O_APPEND = 0x400;
  int O_NONBLOCK = 0x800;
  int O_CLOEXEC = 0x80000;
  int F_GETFL = 3;
  int F_SETFL = 4;
  int WNOHANG = 1;
  int CLONE_FS = 0x200;

  int posix_spawn(
      IntByReference pid, String path, Pointer fileActions, Pointer attr, Pointer argv, Pointer envp);

  int posix_spawn_file_actions_init(Pointer fileActions);

  int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

  int posix_spawn_file_actions_addclose(Pointer fileActions, int fd);

  int posix_spawn_file_actions_addchdir_np(Pointer fileActions, String path);

  int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int lowFd);

  int posix_spawn_file_actions_destroy(Pointer fileActions);

  int posix_spawnattr_init(Pointer attr);

  int posix_spawnattr_setflags(Pointer attr, short flags);

  int posix_spawnattr_setpgroup(Pointer attr, int pgroup);

  int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

  int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

  int posix_spawnattr_destroy(Pointer attr);

  int sigemptyset(Pointer sigset);

  int sigfillset(Pointer sigset);

  int pipe2(@Out int[] fds, int flags);

  int fcntl(int fd, int cmd, int arg);

  long read(int fd, Pointer buf, long count);

  long write(int fd, Pointer buf, long count);

  int close(int fd);

  /** Always called with a mode: passing the variadic third argument is harmless on Linux ABIs. */
  int open(String path, int flags, int mode);

  long SIG_DFL = 0;

  /** Only used to undo an inherited SIG_IGN before the JVM registers its own handler. */
  long signal(int signum, long handler);

  int initgroups(String user, int group);

  int setgid(int gid);

  int setuid(int uid);

  int poll(Pointer fds, long nfds, int timeoutMillis);

  int waitpid(int pid, @Out int[] status, int options);

  int kill(int pid, int sig);

  int umask(int mask);

  int unshare(int flags);

  /** Raw system call: the only way to change one thread's credentials (see ThreadCredentials). */
  long syscall(long number, long a1, long a2, long a3);

  long syscall(long number, long size, @In int[] list);

  int getgrouplist(String user, int group, @Out int[] groups, IntByReference ngroups);

  int getrlimit(int resource, Pointer rlimit);

  int setrlimit(int resource, Pointer rlimit);

  int getuid();

  /**
   * The re-entrant user and group lookups, through NSS (so LDAP and the like work). They return
   * the error number; a NULL {@code result} with 0 means "no such entry", and ERANGE asks for a
   * bigger {@code buf}. Names are NUL-terminated UTF-8. See {@link UserDatabase}.
   */
  int getpwnam_r(@In byte[] name, Pointer pwd, Pointer buf, long buflen, PointerByReference result);

  int getpwuid_r(int uid, Pointer pwd, Pointer buf, long buflen, PointerByReference result);

  int getgrnam_r(@In byte[] name, Pointer grp, Pointer buf, long buflen, PointerByReference result);

  int getgrgid_r(int gid, Pointer grp, Pointer buf, long buflen, PointerByReference result);

  int AT_EMPTY_PATH = 0x1000;
  int STATX_BASIC_STATS = 0x7ff;
  /** {@code struct statx} is 256 bytes with the same layout on every architecture. */
  int STATX_BYTES = 256;

  /** Used as {@code fstat}: an empty {@code path} with AT_EMPTY_PATH means {@code dirfd} itself. */
  int statx(int dirfd, Pointer path, int flags, int mask, Pointer statxbuf);

  int getpid();

  int AF_UNIX = 1;
  int AF_INET = 2;
  int SOCK_STREAM = 1;
  /** The same bit as O_CLOEXEC on Linux x86-64 and arm64. */
  int SOCK_CLOEXEC = 0x80000;
  int SOL_SOCKET = 1;
  int SO_REUSEADDR = 2;

  int socket(int domain, int type, int protocol);

  int setsockopt(int fd, int level, int option, @In int[] value, int length);

  int bind(int fd, Pointer address, int length);

  int listen(int fd, int backlog);

  int chown(String path, int uid, int gid);

  int chmod(String path, int mode);

  String strerror(int errnum);

  /** The loaded library; jnr-ffi binds each method on first use. */
  LibC INSTANCE = NativeLibrary.libc(LibC.class);

  Runtime RUNTIME = Runtime.getRuntime(INSTANCE);

  /** errno as the calling thread's last native call left it. */
  static int errno() {
    return RUNTIME.getLastError();
  }
}
