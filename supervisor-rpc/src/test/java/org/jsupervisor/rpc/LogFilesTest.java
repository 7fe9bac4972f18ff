package org.jsupervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {
  @TempDir Path dir;

  @Test
  void readFollowsSupervisordsOffsetAndLengthRules() throws Exception {
    Path f = Files.writeString(dir.resolve("log"), "0123456789");
    assertEquals("0123456789", LogFiles.read(f, 0, 0));
    assertEquals("234", LogFiles.read(f, 2, 3));
    assertEquals("789", LogFiles.read(f, -3, 0));
    assertEquals("0123456789", LogFiles.read(f, -100, 0));
    assertEquals("", LogFiles.read(f, 50, 0));
    assertEquals(3, assertThrows(Fault.class, () -> LogFiles.read(f, -1, 5)).code());
    assertEquals(3, assertThrows(Fault.class, () -> LogFiles.read(f, 0, -1)).code());
  }

  @Test
  void tailReturnsTheLastBytesAndTheSize() throws Exception {
    Path f = Files.writeString(dir.resolve("log"), "0123456789");
    assertEquals(List.of("6789", 10, true), LogFiles.tail(f, 0, 4));
    assertEquals(List.of("6789", 10, false), LogFiles.tail(f, 8, 4));
    assertEquals(List.of("", 10, false), LogFiles.tail(f, 12, 4));
    assertEquals(List.of("", 0, false), LogFiles.tail(dir.resolve("missing"), 0, 4));
  }

  @Test
  void aHugeLengthOnASmallFileAllocatesOnlyWhatTheFileHolds() throws Exception {
    Path f = Files.writeString(dir.resolve("log"), "0123456789");
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    LogFiles.tail(f, 0, 4); // loads the classes first, so the count below is the call's own
    long before = threads.getThreadAllocatedBytes(id);
    assertEquals(List.of("0123456789", 10, false), LogFiles.tail(f, 0, Integer.MAX_VALUE));
    assertEquals("0123456789", LogFiles.read(f, 0, Integer.MAX_VALUE));
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    // Sizing the buffer by the request, capped at MAX_READ, cost 16 MiB per call here.
    assertTrue(allocated < 1024 * 1024, "allocated " + allocated + " bytes");
  }
}
