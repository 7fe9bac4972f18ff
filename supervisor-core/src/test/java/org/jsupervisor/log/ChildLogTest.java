package org.jsupervisor.log;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildLogTest {
  @TempDir Path dir;
  private final LogCapture capture = new LogCapture();

  @AfterEach
  void tearDown() {
    capture.close();
  }

  private static void write(ChildLog log, String s) {
    byte[] b = s.getBytes(US_ASCII);
    log.write(b, 0, b.length);
  }

  private ChildLog fileLog(Path path, long maxBytes, int backups) {
    return new ChildLog("web", Channel.STDOUT,
        Optional.of(RotatingFile.forChild(path, maxBytes, backups)), TailBuffer.forLimit(maxBytes),
        Optional.empty());
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }

  @Test
  void aDeletedDirectoryIsReportedOnceAndWritingResumesWhenItIsBack() throws IOException {
    Path logs = Files.createDirectory(dir.resolve("logs"));
    Path file = logs.resolve("web.log");
    try (var log = fileLog(file, 0, 0)) {
      write(log, "one\n");
      deleteTree(logs);
      write(log, "two\n"); // notices the unlinked file, cannot create a new one
      write(log, "three\n");
      assertEquals(1, capture.errors().size(), capture.lines().toString());
      assertTrue(capture.errors().get(0).contains("could not write stdout log of web: open: ENOENT"),
          capture.errors().get(0));

      Files.createDirectory(logs);
      write(log, "four\n");
      assertEquals("four\n", Files.readString(file));
      assertEquals(1, capture.errors().size());
      assertEquals(10, log.dropped());
      assertEquals("one\ntwo\nthree\nfour\n", new String(log.tail().tail(100), US_ASCII),
          "the tail keeps what the file lost");

      deleteTree(logs);
      write(log, "five\n");
      assertEquals(2, capture.errors().size(), "a new failure streak is reported again");
    }
  }

  @Test
  void aFullDiskIsReportedOnceAndNeverThrows() {
    try (var log = fileLog(Path.of("/dev/full"), 1000, 2)) {
      long total = 0;
      for (int i = 0; i < 100; i++) {
        String line = "line " + i + "\n";
        write(log, line);
        total += line.length();
      }
      assertEquals(1, capture.errors().size(), capture.lines().toString());
      assertTrue(capture.errors().get(0).contains("write: ENOSPC"), capture.errors().get(0));
      assertEquals(total, log.dropped());
      assertEquals(total, log.tail().written());
    }
  }

  @Test
  void reopenAfterARenameStartsANewFileAndClearDeletesTheCurrentOne() throws IOException {
    Path file = dir.resolve("web.log");
    try (var log = fileLog(file, 0, 0)) {
      write(log, "a\n");
      Files.move(file, dir.resolve("web.log.1"));
      write(log, "b\n");
      log.reopen();
      assertTrue(Files.exists(file), "reopen creates the file at once");
      write(log, "c\n");
      assertEquals("a\nb\n", Files.readString(dir.resolve("web.log.1")));
      assertEquals("c\n", Files.readString(file));

      log.clear();
      assertEquals("", Files.readString(file));
      assertEquals(0, log.tail().size());
      write(log, "d\n");
      assertEquals("d\n", Files.readString(file));
      assertEquals("a\nb\n", Files.readString(dir.resolve("web.log.1")), "backups stay");
    }
  }

  @Test
  void syslogGetsEachLineWithTheProcessName() throws IOException {
    Path socket = dir.resolve("log.sock");
    try (var syslogd = UnixDatagram.bind(socket.toString());
        var syslog = new ChildSyslog(socket.toString(), ZoneOffset.UTC);
        var log = new ChildLog("web", Channel.STDERR, Optional.empty(), new TailBuffer(64),
            Optional.of(syslog))) {
      write(log, "first\nsecond\n\n");
      List<String> got = List.of(
          new String(syslogd.receive(512), US_ASCII), new String(syslogd.receive(512), US_ASCII));
      for (String d : got) {
        assertTrue(d.matches("<14>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d supervisord: web .*"), d);
      }
      assertTrue(got.get(0).endsWith(": web first"), got.get(0));
      assertTrue(got.get(1).endsWith(": web second"), got.get(1));
    }
  }
}
