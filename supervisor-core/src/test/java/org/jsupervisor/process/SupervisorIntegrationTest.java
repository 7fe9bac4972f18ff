package org.jsupervisor.process;

import static org.jsupervisor.process.ProcessState.BACKOFF;
import static org.jsupervisor.process.ProcessState.EXITED;
import static org.jsupervisor.process.ProcessState.FATAL;
import static org.jsupervisor.process.ProcessState.RUNNING;
import static org.jsupervisor.process.ProcessState.STARTING;
import static org.jsupervisor.process.ProcessState.STOPPED;
import static org.jsupervisor.process.ProcessState.STOPPING;
import static org.jsupervisor.process.Programs.program;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jsupervisor.config.AutoRestart;
import org.jsupervisor.config.ProcessConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real engine with real children, pipes and signals. */
class SupervisorIntegrationTest {
  private static final Duration LONG = Duration.ofSeconds(20);

  @TempDir Path dir;

  private Engine engine(Programs... programs) {
    var list = new ArrayList<ProcessConfig>();
    for (Programs p : programs) {
      list.add(p.build());
    }
    return new Engine(dir, list);
  }

  private long count(Engine e, String name, ProcessState state) {
    return e.statesOf(name).stream().filter(s -> s == state).count();
  }

  @Test
  void crashLoopEndsFatalAfterStartretriesPlusOneSpawns() throws Exception {
    try (var e = engine(program("crash").command("/bin/sh -c 'exit 1'").startretries(2))) {
      e.awaitState("crash", FATAL, LONG);
      assertEquals(3, count(e, "crash", STARTING));
      assertEquals(List.of(STARTING, BACKOFF, STARTING, BACKOFF, STARTING, BACKOFF, FATAL),
          e.statesOf("crash"));
      assertEquals("Exited too quickly (process log may have details)",
          e.onProcess("crash", ManagedProcess::spawnerr));
    }
  }

  @Test
  void expectedExitIsNotRestartedWithAutorestartUnexpected() throws Exception {
    try (var e = engine(program("ok").command("/bin/sh -c 'sleep 0.2; exit 2'").startsecs(0)
        .exitcodes(0, 2))) {
      e.awaitState("ok", EXITED, LONG);
      assertEquals(List.of(STARTING, RUNNING, EXITED), e.statesOf("ok"));
      assertEquals(2, e.onProcess("ok", ManagedProcess::exitstatus));
    }
  }

  @Test
  void unexpectedExitIsRestartedWithAutorestartUnexpected() throws Exception {
    try (var e = engine(program("bad").command("/bin/sh -c 'sleep 0.2; exit 3'").startsecs(0))) {
      e.await("a second start", LONG, s -> count(e, "bad", STARTING) >= 2);
      assertEquals(List.of(STARTING, RUNNING, EXITED, STARTING), e.statesOf("bad").subList(0, 4));
    }
  }

  @Test
  void autorestartTrueRestartsAnExpectedExitAndFalseNeverRestarts() throws Exception {
    try (var e = engine(
        program("always").command("/bin/sh -c 'sleep 0.2'").startsecs(0)
            .autorestart(AutoRestart.ALWAYS),
        program("never").command("/bin/sh -c 'sleep 0.2; exit 7'").startsecs(0)
            .autorestart(AutoRestart.NEVER))) {
      e.await("always restarted twice", LONG, s -> count(e, "always", STARTING) >= 3);
      assertEquals(EXITED, e.state("never"));
      assertEquals(1, count(e, "never", STARTING));
      assertEquals(7, e.onProcess("never", ManagedProcess::exitstatus));
    }
  }

  @Test
  void childIgnoringSigtermIsKilledAfterStopwaitsecs() throws Exception {
    try (var e = engine(program("stubborn")
        .command("/bin/sh -c \"trap '' TERM; echo trapped; while true; do sleep 0.2; done\"")
        .startsecs(0).stopwaitsecs(1))) {
      e.awaitState("stubborn", RUNNING, LONG);
      // RUNNING at once (startsecs=0) says nothing about the trap: a loaded machine was seen
      // to deliver the stop before sh had set it, so wait until it says so.
      e.await("the TERM trap", LONG, s -> s.group("stubborn").orElseThrow().processes().get(0)
          .logs().stdout().tail().written() > 0);
      long start = System.nanoTime();
      e.onProcess("stubborn", ManagedProcess::stop);
      e.awaitState("stubborn", STOPPED, LONG);
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(tookMillis >= 1000, "SIGKILL only after stopwaitsecs, took " + tookMillis);
      assertEquals(-1, e.onProcess("stubborn", ManagedProcess::exitstatus));
      assertEquals(List.of(STARTING, RUNNING, STOPPING, STOPPED), e.statesOf("stubborn"));
    }
  }

  @Test
  void stopasgroupAlsoStopsGrandchildren() throws Exception {
    Path pidFile = dir.resolve("grandchild.pid");
    try (var e = engine(program("family")
        .command("/bin/sh -c 'sleep 1000 & echo $! > " + pidFile + "; wait'")
        .startsecs(0).stopasgroup(true))) {
      e.await("grandchild pid", LONG, s -> Files.exists(pidFile) && size(pidFile) > 0);
      int grandchild = Integer.parseInt(Files.readString(pidFile).strip());
      assertTrue(alive(grandchild));
      e.onProcess("family", ManagedProcess::stop);
      e.awaitState("family", STOPPED, LONG);
      e.await("grandchild gone", LONG, s -> !alive(grandchild));
    }
  }

  @Test
  void withoutStopasgroupTheGrandchildSurvives() throws Exception {
    Path pidFile = dir.resolve("grandchild.pid");
    int grandchild = 0;
    try (var e = engine(program("family")
        .command("/bin/sh -c 'sleep 1000 & echo $! > " + pidFile + "; wait'").startsecs(0))) {
      e.await("grandchild pid", LONG, s -> Files.exists(pidFile) && size(pidFile) > 0);
      grandchild = Integer.parseInt(Files.readString(pidFile).strip());
      e.onProcess("family", ManagedProcess::stop);
      e.awaitState("family", STOPPED, LONG);
      assertTrue(alive(grandchild), "only the child was signalled");
    } finally {
      if (grandchild > 0) {
        org.jsupervisor.posix.Kill.kill(grandchild, Signal.KILL);
      }
    }
  }

  @Test
  void outputReachesTheLogFileWithTheSupervisorEnvironment() throws Exception {
    Path out = dir.resolve("env.log");
    try (var e = engine(program("env")
        .command("/bin/sh -c 'echo name=$SUPERVISOR_PROCESS_NAME group=$SUPERVISOR_GROUP_NAME "
            + "enabled=$SUPERVISOR_ENABLED; echo to-stderr >&2; pwd'")
        .directory(dir.toString()).startsecs(0).autorestart(AutoRestart.NEVER)
        .stdoutLogfile(out).redirectStderr(true))) {
      e.awaitState("env", EXITED, LONG);
      assertEquals("name=env group=env enabled=1\nto-stderr\n" + dir.toRealPath() + "\n",
          Files.readString(out));
    }
  }

  @Test
  void aSpawnErrorNeverDisturbsASibling() throws Exception {
    try (var e = engine(
        program("missing").command("/nonexistent/program").startretries(1),
        program("steady").command("/bin/sleep 1000").startsecs(0))) {
      e.awaitState("steady", RUNNING, LONG);
      int pid = e.pid("steady");
      e.awaitState("missing", FATAL, LONG);
      assertEquals("can't find command '/nonexistent/program'", e.onProcess("missing", ManagedProcess::spawnerr));
      assertEquals(pid, e.pid("steady"));
      assertEquals(List.of(STARTING, RUNNING), e.statesOf("steady"));
    }
  }

  @Test
  void shutdownStopsGroupsInDescendingPriorityAndLeavesNoChild() throws Exception {
    var e = engine(
        program("first").command("/bin/sleep 1000").startsecs(0).priority(1),
        program("last").command("/bin/sleep 1000").startsecs(0).priority(2));
    try (e) {
      e.awaitState("first", RUNNING, LONG);
      e.awaitState("last", RUNNING, LONG);
      int first = e.pid("first");
      int last = e.pid("last");
      e.shutdown();
      var order = e.changes.stream()
          .filter(c -> c.to() == STOPPING || c.to() == STOPPED)
          .map(c -> c.name() + ":" + c.to()).toList();
      assertEquals(List.of("last:STOPPING", "last:STOPPED", "first:STOPPING", "first:STOPPED"),
          order);
      assertFalse(alive(first));
      assertFalse(alive(last));
    }
  }

  @Test
  void aThousandShortLivedChildrenLeaveNoZombie() throws Exception {
    var programs = new ArrayList<Programs>();
    for (int i = 0; i < 1000; i++) {
      programs.add(program("p" + i).command("/bin/true").startsecs(0)
          .autorestart(AutoRestart.NEVER));
    }
    try (var e = engine(programs.toArray(Programs[]::new))) {
      e.await("all exited", Duration.ofSeconds(60), s -> s.allProcesses().stream()
          .allMatch(p -> p.state() == EXITED));
      assertEquals(List.of(), zombieChildren());
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Alive and not a zombie waiting for its (other) parent. */
  private static boolean alive(int pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  private static List<Integer> zombieChildren() throws IOException {
    long self = ProcessHandle.current().pid();
    var zombies = new ArrayList<Integer>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(p.resolve("stat"));
          String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          if (rest[0].equals("Z") && Long.parseLong(rest[1]) == self) {
            zombies.add(Integer.parseInt(name));
          }
        } catch (IOException gone) {
          // exited while we looked
        }
      }
    }
    return zombies;
  }
}
