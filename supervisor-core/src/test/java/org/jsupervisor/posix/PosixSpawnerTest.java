package org.jsupervisor.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.jsupervisor.config.UserId;
import org.jsupervisor.posix.Children.Req;
import org.jsupervisor.posix.Children.Run;
import org.jsupervisor.process.ExitStatus;
import org.jsupervisor.process.Signal;
import org.jsupervisor.process.SpawnResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixSpawnerTest {
  private Children children;

  @TempDir Path tmp;

  @BeforeEach
  void setUp() {
    children = new Children();
  }

  @AfterEach
  void tearDown() {
    children.close();
  }

  @Test
  void childLeadsItsOwnProcessGroup() {
    Run run = children.run(Req.sh("read -r pid comm state ppid pgrp rest < /proc/$$/stat; echo $pid $pgrp"));
    String[] ids = run.stdout().trim().split(" ");
    assertEquals(ids[0], ids[1], "pgid == pid");
    assertTrue(Integer.parseInt(ids[1]) != TestLibC.INSTANCE.getpgid(0), "not in the JVM's group");
    assertEquals(ExitStatus.exited(0), run.exit());
  }

  @Test
  void aBatchSpawnsEveryRequestInOrderAndOneFailureSparesTheOthers() {
    List<org.jsupervisor.process.SpawnRequest> requests = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Req req = Req.sh("echo child " + i);
      if (i == 5) {
        req.directory(tmp.resolve("missing").toString());
      }
      requests.add(req.build());
    }
    List<SpawnResult> results = children.spawner().spawnAll(requests);

    assertEquals(12, results.size());
    assertEquals(new SpawnResult.Failed("couldn't chdir to " + tmp.resolve("missing") + ": ENOENT"),
        results.get(5));
    Set<Integer> pids = new TreeSet<>();
    for (int i = 0; i < 12; i++) {
      if (i == 5) {
        continue;
      }
      var child = (SpawnResult.Spawned) results.get(i);
      pids.add(child.pid());
      Fds.close(child.stdin());
      String[] out = children.readToEof(child.stdout(), child.stderr());
      assertEquals("child " + i + "\n", out[0], "the output of request " + i);
      assertEquals(ExitStatus.exited(0), children.awaitExit(child.pid()));
    }
    assertEquals(11, pids.size(), "distinct children");
  }

  @Test
  void childRunsInTheConfiguredDirectory() throws IOException {
    Path dir = tmp.toRealPath();
    Run run = children.run(Req.sh("pwd -P").directory(dir.toString()));
    assertEquals(dir + "\n", run.stdout());
  }

  @Test
  void childGetsTheConfiguredUmaskWhileTheDaemonKeepsItsOwn() throws IOException {
    String before = ownStatus("Umask");
    Run run = children.run(Req.sh("umask").umask(027));
    assertEquals("0027\n", run.stdout());
    assertEquals(before, ownStatus("Umask"), "daemon's umask unchanged");
    assertEquals(before + "\n", children.run(Req.sh("umask")).stdout(), "inherited when unset");
  }

  @Test
  void childEnvironmentIsExactlyTheRequestedOne() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("A", "1");
    env.put("B", "two words");
    env.put("EMPTY", "");
    env.put("UNICODE", "héllo");
    Run run = children.run(new Req("/usr/bin/env").env(env));
    assertEquals("A=1\nB=two words\nEMPTY=\nUNICODE=héllo\n", run.stdout());
  }

  @Test
  void argvIsPassedVerbatim() {
    Run run = children.run(new Req("/bin/sh", "-c", "printf '[%s]' \"$0\" \"$@\"", "zero", "a b", "", "'q'"));
    assertEquals("[zero][a b][]['q']", run.stdout());
  }

  @Test
  void childSeesOnlyFdsZeroToTwoEvenWithDaemonSocketsAndFilesOpen() throws IOException {
    try (ServerSocket listener = new ServerSocket(0);
        FileOutputStream log = new FileOutputStream(tmp.resolve("daemon.log").toFile())) {
      log.write('x');
      assertTrue(openFds().size() > 3, "the JVM itself has more fds open");
      // The shell lists its own fds through ls, a separate process, so the listing's directory
      // fd does not show up.
      Run run = children.run(Req.sh("ls /proc/$$/fd"));
      assertEquals("0\n1\n2\n", run.stdout());
      assertTrue(listener.getLocalPort() > 0);
    }
  }

  @Test
  void childStartsWithEmptySignalMaskAndNoIgnoredSignalsEvenWhenTheJvmIgnoresSigint() {
    Pointer saved = Memory.allocateDirect(LibC.RUNTIME, TestLibC.SIGACTION_BYTES, true);
    Pointer ignore = Memory.allocateDirect(LibC.RUNTIME, TestLibC.SIGACTION_BYTES, true);
    Pointer usr1 = Memory.allocateDirect(LibC.RUNTIME, LibC.SIGSET_BYTES, true);
    Pointer oldMask = Memory.allocateDirect(LibC.RUNTIME, LibC.SIGSET_BYTES, true);
    TestLibC c = TestLibC.INSTANCE;
    assertEquals(0, c.sigaction(Signal.INT.number(), null, saved));
    byte[] copy = new byte[TestLibC.SIGACTION_BYTES];
    saved.get(0, copy, 0, copy.length);
    ignore.put(0, copy, 0, copy.length);
    ignore.putAddress(0, 1L); // sa_handler = SIG_IGN, as for a JVM started with & from a script
    assertEquals(0, c.sigemptyset(usr1));
    assertEquals(0, c.sigaddset(usr1, 10));
    assertEquals(0, c.sigaction(Signal.INT.number(), ignore, null));
    assertEquals(0, c.pthread_sigmask(TestLibC.SIG_BLOCK, usr1, oldMask)); // the spawning thread
    try {
      Run run = children.run(new Req("/bin/grep", "-E", "^Sig(Blk|Ign):", "/proc/self/status"));
      assertEquals("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n", run.stdout());
    } finally {
      c.pthread_sigmask(TestLibC.SIG_SETMASK, oldMask, null);
      c.sigaction(Signal.INT.number(), saved, null);
    }
  }

  @Test
  void stderrGoesToItsOwnPipeOrIntoStdoutWhenRedirected() {
    Run separate = children.run(Req.sh("echo out; echo err >&2"));
    assertEquals("out\n", separate.stdout());
    assertEquals("err\n", separate.stderr());

    SpawnResult.Spawned child = children.spawn(Req.sh("echo out; echo err >&2").redirectStderr());
    assertEquals(-1, child.stderr());
    Fds.close(child.stdin());
    assertEquals("out\nerr\n", children.readToEof(child.stdout())[0]);
    assertEquals(ExitStatus.exited(0), children.awaitExit(child.pid()));
  }

  @Test
  void stdinPipeReachesTheChild() {
    SpawnResult.Spawned child = children.spawn(Req.sh("read line; echo \"got $line\""));
    byte[] hello = "hello\n".getBytes(StandardCharsets.US_ASCII);
    assertEquals(hello.length, Fds.write(child.stdin(), hello, 0, hello.length));
    Fds.close(child.stdin());
    String[] out = children.readToEof(child.stdout(), child.stderr());
    assertEquals("got hello\n", out[0]);
    assertEquals(ExitStatus.exited(0), children.awaitExit(child.pid()));
  }

  @Test
  void exitStatusesAreDecodedAsSupervisordDoes() {
    ExitStatus three = children.run(Req.sh("exit 3")).exit();
    assertEquals(ExitStatus.exited(3), three);
    assertEquals("exit status 3", three.describe());

    ExitStatus term = children.run(Req.sh("kill -TERM $$")).exit();
    assertEquals(-1, term.code());
    assertEquals("terminated by SIGTERM", term.describe());
  }

  @Test
  void coreDumpIsReportedWhenTheKernelWritesOne() throws IOException {
    String pattern = Files.readString(Path.of("/proc/sys/kernel/core_pattern")).trim();
    assumeTrue(!pattern.startsWith("|"), "core_pattern pipes to a program: " + pattern);
    ExitStatus segv = children.run(
        Req.sh("ulimit -c unlimited && kill -SEGV $$").directory(tmp.toString())).exit();
    assertEquals(Signal.of(11).number(), segv.signal());
    assumeTrue(segv.coreDumped(), "kernel wrote no core (RLIMIT_CORE or filesystem)");
    assertEquals("terminated by SIGSEGV (core dumped)", segv.describe());
  }

  @Test
  void killReportsEsrchOnceTheChildIsReaped() {
    SpawnResult.Spawned child = children.spawn(Req.sh("exec sleep 60"));
    Fds.close(child.stdin());
    assertEquals(0, Kill.kill(child.pid(), Signal.TERM));
    children.readToEof(child.stdout(), child.stderr());
    assertEquals("terminated by SIGTERM", children.awaitExit(child.pid()).describe());
    assertEquals(Errno.ESRCH, Kill.kill(child.pid(), Signal.TERM));
    assertEquals(Errno.ESRCH, Kill.killGroup(child.pid(), Signal.TERM));
  }

  @Test
  void groupKillReachesTheChildAndItsGrandchildren() {
    // The grandchild (sleep) is in the child's group; a group kill must end both.
    SpawnResult.Spawned child = children.spawn(Req.sh("sleep 60 & echo ready; wait"));
    Fds.close(child.stdin());
    byte[] buf = new byte[16];
    int[] fds = {child.stdout()};
    short[] revents = new short[1];
    children.poller().poll(fds, new short[] {Poller.POLLIN}, revents, 1, (int) Children.DEADLINE_MILLIS);
    assertEquals("ready\n", new String(buf, 0, Fds.read(child.stdout(), buf, 0, buf.length), StandardCharsets.US_ASCII));

    assertEquals(0, Kill.killGroup(child.pid(), Signal.TERM));
    // EOF on stdout means the sleeping grandchild, which shares the pipe, is gone too.
    children.readToEof(child.stdout(), child.stderr());
    assertEquals("terminated by SIGTERM", children.awaitExit(child.pid()).describe());
    // No ESRCH check for the group here: the orphaned sleep may linger as a zombie of pid 1.
  }

  @Test
  void userSwitchGivesTheChildAllOfNobodysIdsWhileTheDaemonStaysRoot() throws IOException {
    assumeTrue(LibC.INSTANCE.getuid() == 0, "needs root");
    UserId nobody = new UserId("nobody", 65534, 65534);
    String umaskBefore = ownStatus("Umask");
    Run run = children.run(
        new Req("/bin/grep", "-E", "^(Uid|Gid|Groups|Umask):", "/proc/self/status")
            .user(nobody).umask(077));
    assertEquals(
        "Umask:\t0077\nUid:\t65534\t65534\t65534\t65534\nGid:\t65534\t65534\t65534\t65534\nGroups:\t65534 \n",
        run.stdout());
    assertEquals("0\t0\t0\t0", ownStatus("Uid"));
    assertEquals("0\t0\t0\t0", ownStatus("Gid"));
    assertEquals(umaskBefore, ownStatus("Umask"));
    // And the daemon can still spawn as root afterwards.
    assertEquals("0\n", children.run(Req.sh("id -u")).stdout());
  }

  @Test
  void supplementaryGroupsListThePrimaryGroupFirst() {
    int[] groups = PosixSpawner.supplementaryGroups(new UserId("root", 0, 0));
    assertEquals(0, groups[0]);
    assertEquals(groups.length, Arrays.stream(groups).distinct().count());
  }

  @Test
  void nonRootDaemonCannotSwitchUser() {
    PosixSpawner asUser1000 = new PosixSpawner(() -> 1000);
    SpawnResult result = asUser1000.spawn(new Req("/bin/true").user(new UserId("nobody", 65534, 65534)).build());
    assertEquals(new SpawnResult.Failed("Can't drop privilege as nonroot user"), result);
  }

  @Test
  void switchingToTheCurrentUserIsANoOpEvenForNonRoot() {
    int uid = LibC.INSTANCE.getuid();
    try (Children asSelf = new Children(new PosixSpawner(() -> uid))) {
      Run run = asSelf.run(Req.sh("id -u").user(new UserId("self", uid, 12345)));
      assertEquals(uid + "\n", run.stdout());
    }
  }

  @Test
  void missingDirectoryFailsWithSupervisordsTextAndLeaksNoFd() {
    // Once first, so classes (and the jar fds their loading may open) are loaded before counting.
    children.spawner.spawn(Req.sh("true").directory("/nonexistent/dir").build());
    Set<Integer> before = openFds();
    SpawnResult result = children.spawner.spawn(Req.sh("true").directory("/nonexistent/dir").build());
    assertEquals(new SpawnResult.Failed("couldn't chdir to /nonexistent/dir: ENOENT"), result);
    assertNoNewFds(before);
  }

  @Test
  void execFailureIsAFailedResultAndLeaksNoFd() throws IOException {
    Path script = Files.writeString(tmp.resolve("noexec.sh"), "#!/bin/sh\n");
    children.spawner.spawn(new Req(script.toString()).build()); // warm-up, as above
    Set<Integer> before = openFds();
    SpawnResult result = children.spawner.spawn(new Req(script.toString()).build());
    assertEquals(new SpawnResult.Failed("unknown error during fork for 'test': EACCES"), result);
    assertNoNewFds(before);
  }

  @Test
  void runningOutOfFdsFailsWithSupervisordsTextAndLeaksNoFd() {
    children.run(new Req("/bin/true")); // load every native stub before fds get scarce
    // and the failure path's classes: the first use of jnr-constants opens its jar, an fd.
    assertTrue(new PosixException("pipe2", Errno.EMFILE).getMessage().contains("EMFILE"));
    Set<Integer> before = openFds();
    int highest = ((TreeSet<Integer>) before).last();
    // Room for exactly the holes below the limit plus one pipe: the second pipe2 must fail.
    int limit = highest + 1 + 2;
    int free = limit - before.size();
    assumeTrue(free < 6, "too many holes in the fd table: " + free);
    Pointer saved = Memory.allocateDirect(LibC.RUNTIME, 16);
    Pointer lowered = Memory.allocateDirect(LibC.RUNTIME, 16);
    assertEquals(0, LibC.INSTANCE.getrlimit(7, saved));
    lowered.putLong(0, limit);
    lowered.putLong(8, saved.getLong(8));
    SpawnResult result;
    assertEquals(0, LibC.INSTANCE.setrlimit(7, lowered));
    try {
      result = children.spawner.spawn(new Req("/bin/true").build());
    } finally {
      assertEquals(0, LibC.INSTANCE.setrlimit(7, saved));
    }
    assertEquals(new SpawnResult.Failed("too many open files to spawn 'test'"), result);
    assertNoNewFds(before);
  }

  @Test
  void aThousandShortLivedChildrenLeaveNoZombie() throws IOException {
    int total = 1000;
    Set<Integer> pids = new TreeSet<>();
    for (int i = 0; i < total; i++) {
      SpawnResult.Spawned child = children.spawn(new Req("/bin/true"));
      Fds.closeQuietly(child.stdin(), child.stdout(), child.stderr());
      pids.add(child.pid());
      children.reapAll(); // as the loop would, between spawns
    }
    assertEquals(total, pids.size());
    for (int pid : pids) {
      assertEquals(ExitStatus.exited(0), children.awaitExit(pid));
    }
    assertEquals(List.of(), zombieChildren());
  }

  /**
   * No fd of the kinds a spawn opens (pipes, /dev/null) was opened since {@code before} and is
   * still open. Other threads of this JVM open files meanwhile (the class loader opens a jar on a
   * class's first use, on whichever thread needs it first), and the JVM may close some: neither is
   * the spawner's doing, so only new pipes and /dev/null count as a leak.
   */
  private static void assertNoNewFds(Set<Integer> before) {
    var leaked = new TreeMap<Integer, String>();
    for (int fd : openFds()) {
      String target = fdTarget(fd);
      if (!before.contains(fd) && (target.startsWith("pipe:") || target.equals("/dev/null"))) {
        leaked.put(fd, target);
      }
    }
    assertEquals(Map.of(), leaked, "fds leaked");
  }

  private static String fdTarget(int fd) {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/fd", String.valueOf(fd))).toString();
    } catch (IOException e) {
      return "closed"; // closed since it was listed
    }
  }

  /** This JVM's open fds (the listing's own directory fd excluded by listing twice). */
  static Set<Integer> openFds() {
    Set<Integer> first = listFds();
    Set<Integer> second = listFds();
    first.retainAll(second);
    return first;
  }

  private static Set<Integer> listFds() {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return s.map(p -> Integer.parseInt(p.getFileName().toString())).collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A field of this JVM's /proc/self/status, e.g. {@code Umask} → {@code 0022}. */
  static String ownStatus(String field) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith(field + ":"))
        .map(l -> l.substring(field.length() + 1).strip())
        .findFirst().orElseThrow();
  }

  /** Children of this JVM in state Z. */
  static List<Integer> zombieChildren() throws IOException {
    int self = LibC.INSTANCE.getpid();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> {
            try {
              String stat = Files.readString(p.resolve("stat"));
              String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              return f[0].equals("Z") && Integer.parseInt(f[1]) == self;
            } catch (IOException | RuntimeException e) {
              return false; // exited while we looked
            }
          })
          .map(p -> Integer.parseInt(p.getFileName().toString()))
          .collect(Collectors.toList());
    }
  }

  @Test
  void openFdsHelperSeesNewFds() throws IOException {
    Set<Integer> before = openFds();
    try (FileOutputStream out = new FileOutputStream(tmp.resolve("x").toFile())) {
      assertFalse(before.containsAll(openFds()), "a new fd appears");
    }
  }
}
