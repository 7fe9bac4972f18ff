package org.jsupervisor.process;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.jsupervisor.process.ProcessState.EXITED;
import static org.jsupervisor.process.ProcessState.RUNNING;
import static org.jsupervisor.process.Programs.program;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jsupervisor.config.AutoRestart;
import org.jsupervisor.config.LogFile;
import org.jsupervisor.log.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child log files written by the real engine from real children. */
class ChildLogIntegrationTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  /** 200 records of 1000 bytes, each printed with one write(2) (atomic: below PIPE_BUF). */
  private static final String RECORDS =
      "/bin/sh -c 'i=0; while [ $i -lt 200 ]; do printf \"%0999d\\n\" $i; i=$((i+1)); done'";
  private static final int RECORD = 1000;

  @TempDir Path dir;
  private final LogCapture capture = new LogCapture();

  @AfterEach
  void tearDown() {
    capture.close();
  }

  private static String records() {
    var sb = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      sb.append(String.format("%0999d\n", i));
    }
    return sb.toString();
  }

  private Engine run(Programs... programs) {
    return new Engine(dir, Arrays.stream(programs).map(Programs::build).toList());
  }

  /** Runs a child to completion; all its output has been logged once it is EXITED. */
  private void runToExit(Programs p) throws Exception {
    try (var e = run(p.startsecs(0).autorestart(AutoRestart.NEVER))) {
      e.awaitState(p.build().name(), EXITED, LONG);
    }
  }

  private List<String> logNames(String prefix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted()
          .toList();
    }
  }

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name), US_ASCII);
  }

  @Test
  void aChildThatFillsItsPipeGetsABiggerOneWhileAQuietOneKeepsTheDefault() throws Exception {
    try (var e = run(
        program("chatty").command("/bin/sh -c 'dd if=/dev/zero bs=1048576 count=1 2>/dev/null; "
            + "exec sleep 1000'").startsecs(0).stdout(new LogFile.Path(dir + "/chatty.log"), 0, 0),
        program("quiet").command("/bin/sh -c 'echo hi; exec sleep 1000'").startsecs(0)
            .stdout(new LogFile.Path(dir + "/quiet.log"), 0, 0))) {
      e.await("both logs written", LONG, s -> size("chatty.log") == 1 << 20
          && size("quiet.log") == 3);
      assertEquals(ChildIo.CHUNK, stdoutPipeSize(e.pid("chatty")), "one read's worth");
      assertEquals(65_536, stdoutPipeSize(e.pid("quiet")));
    }
  }

  private long size(String name) {
    try {
      return Files.size(dir.resolve(name));
    } catch (IOException e) {
      return -1;
    }
  }

  /** The capacity of the pipe behind {@code pid}'s stdout, asked on this JVM's end of it. */
  private static int stdoutPipeSize(int pid) throws IOException {
    Path childEnd = Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/1"));
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          if (Files.readSymbolicLink(fd).equals(childEnd)) {
            int size = org.jsupervisor.posix.LibC.INSTANCE.fcntl(
                Integer.parseInt(fd.getFileName().toString()), 1032 /* F_GETPIPE_SZ */, 0);
            if (size > 0) {
              return size;
            }
          }
        } catch (IOException gone) {
          // the fd of the listing itself, or one closed meanwhile
        }
      }
    }
    throw new AssertionError("no end of " + childEnd + " in this JVM");
  }

  @Test
  void rotationKeepsWholeChunksAndEveryByteTheBackupsHold() throws Exception {
    runToExit(program("rec").command(RECORDS).stdout(new LogFile.Path(dir + "/rec.log"), 2500, 3));

    assertEquals(List.of("rec.log", "rec.log.1", "rec.log.2", "rec.log.3"), logNames("rec.log"));
    String kept = read("rec.log.3") + read("rec.log.2") + read("rec.log.1") + read("rec.log");
    assertTrue(records().endsWith(kept), "the files hold the last bytes written, in order");
    for (String name : List.of("rec.log.1", "rec.log.2", "rec.log.3")) {
      long size = Files.size(dir.resolve(name));
      assertTrue(size >= 2500, name + " rotated only once it reached maxbytes: " + size);
      assertEquals(0, size % RECORD, name + " starts and ends on a write boundary: " + size);
    }
    assertEquals(0, kept.length() % RECORD);
  }

  @Test
  void zeroBackupsTruncatesTheOneFile() throws Exception {
    runToExit(program("rec").command(RECORDS).stdout(new LogFile.Path(dir + "/rec.log"), 2500, 0));

    assertEquals(List.of("rec.log"), logNames("rec.log"));
    String kept = read("rec.log");
    assertTrue(records().endsWith(kept));
    assertTrue(kept.length() < 2500 + 131_072, "at most one chunk past maxbytes");
    assertEquals(0, kept.length() % RECORD);
  }

  @Test
  void zeroMaxbytesNeverRotates() throws Exception {
    runToExit(program("rec").command(RECORDS).stdout(new LogFile.Path(dir + "/rec.log"), 0, 5));

    assertEquals(List.of("rec.log"), logNames("rec.log"));
    assertEquals(records(), read("rec.log"));
  }

  @Test
  void autoLogsAreCreatedAtActivationWithMode0600AndSupervisordsNames() throws Exception {
    try (var e = run(program("auto").command("/bin/sh -c 'echo out; echo err >&2'")
        .startsecs(0).autorestart(AutoRestart.NEVER)
        .stdout(LogFile.AUTO, 1000, 2).stderr(LogFile.AUTO, 1000, 2))) {
      e.awaitState("auto", EXITED, LONG);
      Path out = e.onProcess("auto", p -> p.logs().stdout().path()).orElseThrow();
      Path err = e.onProcess("auto", p -> p.logs().stderr().path()).orElseThrow();
      assertEquals(dir, out.getParent());
      assertTrue(out.getFileName().toString()
          .matches("auto-stdout---supervisor-[a-z0-9_]{8}\\.log"), out.toString());
      assertTrue(err.getFileName().toString()
          .matches("auto-stderr---supervisor-[a-z0-9_]{8}\\.log"), err.toString());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
      assertEquals("out\n", Files.readString(out));
      assertEquals("err\n", Files.readString(err));
    }
  }

  @Test
  void namedLogFilesAreCreatedAtSpawnBeforeTheProgramPrints() throws Exception {
    Path out = dir.resolve("quiet.out");
    Path err = dir.resolve("quiet.err");
    Path lazy = dir.resolve("lazy.out");
    try (var e = run(program("quiet").command("/bin/sleep 1000").startsecs(0)
            .stdout(new LogFile.Path(out.toString()), 1000, 1)
            .stderr(new LogFile.Path(err.toString()), 1000, 1),
        program("lazy").command("/bin/sleep 1000").startsecs(0).autostart(false)
            .stdout(new LogFile.Path(lazy.toString()), 1000, 1))) {
      e.awaitState("quiet", RUNNING, LONG);
      assertEquals("", Files.readString(out), "created empty at spawn, as supervisord does");
      assertEquals("", Files.readString(err));
      assertFalse(Files.exists(lazy), "a program never spawned gets no file");
      e.call(s -> {
        s.group("lazy").orElseThrow().processes().get(0).spawn();
        return null;
      });
      e.awaitState("lazy", RUNNING, LONG);
      assertEquals("", Files.readString(lazy));
    }
  }

  @Test
  void undecodableOutputIsABytesReprInTheMainLogAndRawInTheFile() throws Exception {
    capture.debug();
    // Each program prints with one write(2), so each chunk is read whole.
    runToExit(program("mixed")
        .command("/bin/sh -c \"printf 'ok \\303\\251 \\210 it\\047s\\n'\"")
        .stdout(new LogFile.Path(dir + "/mixed.log"), 0, 0));
    runToExit(program("utf8").command("/bin/sh -c \"printf 'caf\\303\\251\\n'\"")
        .stdout(new LogFile.Path(dir + "/utf8.log"), 0, 0));
    assertTrue(capture.lines().contains(
        "DEBUG 'mixed' stdout output:\nUndecodable: b\"ok \\xc3\\xa9 \\x88 it's\\n\""),
        capture.lines().toString());
    assertTrue(capture.lines().contains("DEBUG 'utf8' stdout output:\ncaf\u00e9\n"),
        capture.lines().toString());
    assertArrayEquals(new byte[] {'o', 'k', ' ', (byte) 0xc3, (byte) 0xa9, ' ', (byte) 0x88, ' ',
        'i', 't', '\'', 's', '\n'}, Files.readAllBytes(dir.resolve("mixed.log")));
  }

  @Test
  void redirectStderrSendsBothStreamsToTheStdoutLog() throws Exception {
    try (var e = run(program("both").command("/bin/sh -c 'echo out; echo err >&2; echo out2'")
        .startsecs(0).autorestart(AutoRestart.NEVER).redirectStderr(true)
        .stdout(new LogFile.Path(dir + "/both.log"), 0, 0)
        .stderr(new LogFile.Path(dir + "/both-err.log"), 0, 0))) {
      e.awaitState("both", EXITED, LONG);
      assertEquals(Optional.empty(), e.onProcess("both", p -> p.logs().stderr().path()));
    }
    assertEquals("out\nerr\nout2\n", read("both.log"));
    assertFalse(Files.exists(dir.resolve("both-err.log")));
  }

  @Test
  void stripAnsiRemovesEscapesBeforeTheFileAndTheTail() throws Exception {
    var p = program("color").command("/bin/sh -c \"printf '\\033[1;31mred\\033[0m plain\\n'\"")
        .startsecs(0).autorestart(AutoRestart.NEVER)
        .stdout(new LogFile.Path(dir + "/color.log"), 0, 0);
    try (var e = new Engine(dir, List.of(p.build()), true)) {
      e.awaitState("color", EXITED, LONG);
      assertEquals("red plain\n",
          new String(e.onProcess("color", x -> x.logs().stdout().tail().tail(100)), US_ASCII));
    }
    assertEquals("red plain\n", read("color.log"));
  }

  /** A child printing "line N" every few milliseconds, forever. */
  private static Programs ticker(String name, Path log) {
    return program(name)
        .command("/bin/sh -c 'i=0; while :; do echo \"line $i\"; i=$((i+1)); sleep 0.002; done'")
        .startsecs(0).stdout(new LogFile.Path(log.toString()), 0, 0);
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void copytruncateWhileTheChildWritesContinuesAtTheStartOfTheFile() throws Exception {
    Path log = dir.resolve("tick.log");
    try (var e = run(ticker("tick", log))) {
      e.await("some output", LONG, s -> size(log) > 2000);
      Files.copy(log, dir.resolve("tick.log.1"));
      try (var ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
        ch.truncate(0);
      }
      e.await("output after the truncation", LONG, s -> size(log) > 200);
      byte[] live = Files.readAllBytes(log);
      for (byte b : live) {
        assertTrue(b != 0, "no hole of NULs: the file is O_APPEND");
      }
      assertTrue(new String(live, US_ASCII).startsWith("line "));
      assertEquals(RUNNING, e.state("tick"));
    }
  }

  @Test
  void renameThenReopenSendsTheFollowingBytesToANewFile() throws Exception {
    Path log = dir.resolve("tick.log");
    Path old = dir.resolve("tick.log.1");
    try (var e = run(ticker("tick", log))) {
      e.await("some output", LONG, s -> size(log) > 500);
      Files.move(log, old); // logrotate's create scheme: rename, then SIGUSR2
      e.call(s -> {
        s.reopenLogs();
        return null;
      });
      e.await("output in the new file", LONG, s -> size(log) > 500);
      e.onProcess("tick", ManagedProcess::stop);
      e.awaitState("tick", ProcessState.STOPPED, LONG);
    }
    String before = read("tick.log.1");
    String after = read("tick.log");
    assertFalse(before.isEmpty() || after.isEmpty());
    List<String> lines = (before + after).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      assertEquals("line " + i, lines.get(i), "nothing lost or repeated across the reopen");
    }
  }

  @Test
  void aDeletedLogDirectoryNeverBlocksTheChildAndWritingResumesWhenItIsBack() throws Exception {
    Path logs = Files.createDirectory(dir.resolve("logs"));
    Path log = logs.resolve("tick.log");
    try (var e = run(ticker("tick", log), program("calm").command("/bin/sleep 1000").startsecs(0))) {
      e.await("some output", LONG, s -> size(log) > 100);
      int pid = e.pid("tick");
      try (Stream<Path> s = Files.walk(logs)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
      e.await("the error", LONG, s -> !capture.errors().isEmpty());
      long written = e.onProcess("tick", p -> p.logs().stdout().tail().written());
      e.await("the pipe still drained", LONG,
          s -> stdoutWritten(s, "tick") > written + 200);
      assertEquals(RUNNING, e.state("tick"));
      assertEquals(pid, e.pid("tick"));
      assertEquals(RUNNING, e.state("calm"));

      Files.createDirectory(logs);
      e.await("writing resumed", LONG, s -> size(log) > 100);
      assertEquals(1, capture.errors().size(), capture.lines().toString());
      assertTrue(capture.errors().get(0).contains("stdout log of tick: open: ENOENT"),
          capture.errors().get(0));
      assertTrue(capture.lines().stream().anyMatch(l -> l.startsWith("INFO writing stdout log of "
          + "tick again")), capture.lines().toString());
      assertTrue(read("logs/tick.log").startsWith("line "));
    }
  }

  @Test
  void a256MiBChildIsLoggedWithFlatMemoryAndEveryByteOnDisk() throws Exception {
    long total = 256L << 20;
    long before = usedHeapAfterGc();
    var p = program("big").command("/usr/bin/head -c " + total + " /dev/zero")
        .stdout(new LogFile.Path(dir + "/big.log"), 64L << 20, 4);
    try (var e = run(p.startsecs(0).autorestart(AutoRestart.NEVER))) {
      e.awaitState("big", EXITED, Duration.ofSeconds(120));
      long logged = e.onProcess("big", x -> x.logs().stdout().tail().written());
      assertEquals(total, logged);
    }
    long after = usedHeapAfterGc();
    assertTrue(after - before < 32L << 20,
        "heap grew by " + ((after - before) >> 20) + " MiB for 256 MiB of output");
    long onDisk = 0;
    var names = new ArrayList<String>();
    for (String name : logNames("big.log")) {
      names.add(name);
      onDisk += Files.size(dir.resolve(name));
    }
    assertEquals(total, onDisk, "every byte is in " + names);
    assertFalse(names.contains("big.log.5"));
  }

  /** On the loop thread, inside an await. */
  private static long stdoutWritten(Supervisor s, String name) {
    return s.allProcesses().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow()
        .logs().stdout().tail().written();
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
