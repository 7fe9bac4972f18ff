package org.jsupervisor.posix;

import jnr.ffi.LibraryLoader;

/** Loads our libc bindings; every jnr-ffi interface of the project goes through here. */
public final class NativeLibrary {
  /**
   * jnr-ffi's default generates a class per interface with ASM. Its reflective loader binds the
   * same calls for about 8 MB less resident memory and sub-microsecond more per call (measured on
   * getuid and poll), which is what a long-running daemon wants. Read once, when jnr-ffi's loader
   * class initializes, so it is set before the first load; a -D on the command line wins.
   */
  private static final String ASM_PROPERTY = "jnr.ffi.asm.enabled";

  private NativeLibrary() {}

  public static <T> T libc(Class<T> api) {
    if (System.getProperty(ASM_PROPERTY) == null) {
      System.setProperty(ASM_PROPERTY, "false");
    }
    return LibraryLoader.create(api).load("c");
  }
}
