package org.jsupervisor.posix;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;

/** libc calls only tests need: changing the test JVM's own signal state, making FIFOs. */
@SaveError
public interface TestLibC {
  int SIG_BLOCK = 0;
  int SIG_SETMASK = 2;
  /** struct sigaction is 152 bytes on x86-64 and arm64 glibc; leave room. */
  int SIGACTION_BYTES = 256;

  int sigaction(int sig, Pointer act, Pointer oldact);

  int pthread_sigmask(int how, Pointer set, Pointer oldset);

  int sigemptyset(Pointer set);

  int sigaddset(Pointer set, int sig);

  int getpgid(int pid);

  int mkfifo(String path, int mode);

  TestLibC INSTANCE = LibraryLoader.create(TestLibC.class).load("c");
}
