package org.jsupervisor.log;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jsupervisor.posix.TestLibC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileTest {
  @TempDir Path dir;

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name), US_ASCII);
  }

  private boolean exists(String name) {
    return Files.exists(dir.resolve(name));
  }

  @Test
  void rotatesAfterTheWriteThatReachesMaxBytesAndShiftsBackups() throws IOException {
    try (var log = new RotatingFile(dir.resolve("x.log"), 10, 2)) {
      log.write("12345".getBytes(US_ASCII));
      assertEquals("12345", read("x.log"));
      assertFalse(exists("x.log.1"));

      log.write("6789".getBytes(US_ASCII)); // 9 bytes: still below the limit
      assertEquals("123456789", read("x.log"));

      log.write("0".getBytes(US_ASCII)); // exactly 10: rotate now
      assertEquals("", read("x.log"));
      assertEquals("1234567890", read("x.log.1"));

      log.write("abcdefghijkl".getBytes(US_ASCII)); // one write over the limit is never split
      assertEquals("", read("x.log"));
      assertEquals("abcdefghijkl", read("x.log.1"));
      assertEquals("1234567890", read("x.log.2"));

      log.write("ABCDEFGHIJ".getBytes(US_ASCII));
      assertEquals("ABCDEFGHIJ", read("x.log.1"));
      assertEquals("abcdefghijkl", read("x.log.2"));
      assertFalse(exists("x.log.3"), "only `backups` files are kept");
    }
  }

  @Test
  void appendsToAnExistingFileAndCountsItsSize() throws IOException {
    Files.writeString(dir.resolve("x.log"), "old-data-", US_ASCII);
    try (var log = new RotatingFile(dir.resolve("x.log"), 10, 1)) {
      log.write("n".getBytes(US_ASCII));
    }
    assertEquals("", read("x.log"));
    assertEquals("old-data-n", read("x.log.1"));
  }

  @Test
  void zeroBackupsTruncatesInPlace() throws IOException {
    try (var log = new RotatingFile(dir.resolve("x.log"), 10, 0)) {
      log.write("1234567890".getBytes(US_ASCII));
      assertEquals("", read("x.log"));
      log.write("abc".getBytes(US_ASCII));
      assertEquals("abc", read("x.log"));
    }
    assertFalse(exists("x.log.1"));
  }

  @Test
  void zeroMaxBytesNeverRotates() throws IOException {
    try (var log = new RotatingFile(dir.resolve("x.log"), 0, 10)) {
      for (int i = 0; i < 1000; i++) {
        log.write("0123456789".getBytes(US_ASCII));
      }
    }
    assertEquals(10_000, Files.size(dir.resolve("x.log")));
    assertFalse(exists("x.log.1"));
  }

  @Test
  void zeroMaxBytesWorksOnAPipe() throws Exception {
    Path fifo = dir.resolve("pipe");
    assertEquals(0, TestLibC.INSTANCE.mkfifo(fifo.toString(), 0600));
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      var reader = CompletableFuture.supplyAsync(() -> {
        // Not readAllBytes(): on JDK 17 it asks a FIFO for its position and fails (ESPIPE).
        try (var in = new FileInputStream(fifo.toFile())) {
          var bytes = new java.io.ByteArrayOutputStream();
          in.transferTo(bytes);
          return bytes.toByteArray();
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      try (var log = new RotatingFile(fifo, 0, 0)) {
        log.write("line one\n".getBytes(US_ASCII));
        log.write("line two\n".getBytes(US_ASCII));
      }
      assertArrayEquals("line one\nline two\n".getBytes(US_ASCII), reader.get());
    });
  }

  @Test
  void reopenAfterAnExternalRenameWritesToANewFile() throws IOException {
    try (var log = new RotatingFile(dir.resolve("x.log"), 0, 0)) {
      log.write("before\n".getBytes(US_ASCII));
      Files.move(dir.resolve("x.log"), dir.resolve("x.log.old"));
      log.write("still old\n".getBytes(US_ASCII));
      log.reopen();
      log.write("after\n".getBytes(US_ASCII));
    }
    assertEquals("before\nstill old\n", read("x.log.old"));
    assertEquals("after\n", read("x.log"));
  }

  @Test
  void afterAnExternalCopytruncateTheNextWriteLandsAtTheStart() throws IOException {
    try (var log = new RotatingFile(dir.resolve("x.log"), 0, 0)) {
      log.write("0123456789".getBytes(US_ASCII));
      try (var ch = java.nio.channels.FileChannel.open(dir.resolve("x.log"),
          java.nio.file.StandardOpenOption.WRITE)) {
        ch.truncate(0); // logrotate's copytruncate, after its copy
      }
      log.write("new".getBytes(US_ASCII));
    }
    assertEquals("new", read("x.log"), "O_APPEND: no hole of NULs before the new bytes");
  }

  @Test
  void aDeletedFileIsRecreatedOnTheNextWrite() throws IOException {
    try (var log = RotatingFile.forChild(dir.resolve("x.log"), 0, 0)) {
      log.write("old".getBytes(US_ASCII));
      Files.delete(dir.resolve("x.log"));
      log.write("new".getBytes(US_ASCII));
    }
    assertEquals("new", read("x.log"));
  }

  @Test
  void aChildLogOnAFifoWithoutReaderFailsInsteadOfHanging() {
    Path fifo = dir.resolve("pipe");
    assertEquals(0, TestLibC.INSTANCE.mkfifo(fifo.toString(), 0600));
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      var log = RotatingFile.forChild(fifo, 0, 0);
      var e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
          () -> log.write("x".getBytes(US_ASCII)));
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("open: ENXIO"),
          e.getMessage());
    });
  }
}
