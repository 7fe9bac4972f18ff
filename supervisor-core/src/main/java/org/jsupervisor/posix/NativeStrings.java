package org.jsupervisor.posix;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A NULL-terminated {@code char *[]} (argv, envp) in native memory. The strings live in one block
 * that this object keeps reachable: hold it until the native call returns.
 */
final class NativeStrings {
  private final Pointer array;
  private final Pointer block;

  NativeStrings(List<String> strings) {
    byte[][] encoded = new byte[strings.size()][];
    long total = 0;
    for (int i = 0; i < encoded.length; i++) {
      String s = strings.get(i);
      if (s.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("NUL in argument or environment: " + s);
      }
      encoded[i] = s.getBytes(StandardCharsets.UTF_8);
      total += encoded[i].length + 1;
    }
    int pointerSize = LibC.RUNTIME.addressSize();
    array = Memory.allocateDirect(LibC.RUNTIME, (long) (encoded.length + 1) * pointerSize, true);
    block = Memory.allocateDirect(LibC.RUNTIME, Math.max(total, 1), true);
    long at = 0;
    for (int i = 0; i < encoded.length; i++) {
      block.put(at, encoded[i], 0, encoded[i].length);
      block.putByte(at + encoded[i].length, (byte) 0);
      array.putPointer((long) i * pointerSize, block.slice(at));
      at += encoded[i].length + 1;
    }
    array.putAddress((long) encoded.length * pointerSize, 0L);
  }

  Pointer pointer() {
    return array;
  }
}
