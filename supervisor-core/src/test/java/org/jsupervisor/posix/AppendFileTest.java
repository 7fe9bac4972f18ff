package org.jsupervisor.posix;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendFileTest {
  @TempDir Path dir;

  @Test
  void statSeesTheSizeAfterEachWrite() throws IOException {
    try (var file = AppendFile.open(dir.resolve("x.log").toString(), 0600, false, false)) {
      assertEquals(new AppendFile.Stat(0, 1, true), file.stat());
      file.write("hello".getBytes(US_ASCII), 0, 5, 0);
      assertEquals(5, file.stat().size());
      file.write("0123456789".getBytes(US_ASCII), 2, 3, 0);
      assertEquals(8, file.stat().size());
    }
  }

  @Test
  void linksDropToZeroWhenTheFileIsDeleted() throws IOException {
    Path log = dir.resolve("x.log");
    try (var file = AppendFile.open(log.toString(), 0600, false, false)) {
      assertEquals(1, file.stat().links());
      Files.delete(log);
      assertEquals(0, file.stat().links());
      assertTrue(file.stat().regular());
    }
  }

  @Test
  void aFifoIsNotRegular() throws IOException {
    Path fifo = dir.resolve("pipe");
    assertEquals(0, TestLibC.INSTANCE.mkfifo(fifo.toString(), 0600));
    // A reader first: opening a FIFO without one for writing, non-blocking, fails with ENXIO.
    int reader = LibC.INSTANCE.open(fifo.toString(), LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
    assertTrue(reader >= 0, "open for reading: errno " + LibC.errno());
    try (var file = AppendFile.open(fifo.toString(), 0600, false, true)) {
      assertFalse(file.stat().regular());
    } finally {
      LibC.INSTANCE.close(reader);
    }
  }
}
