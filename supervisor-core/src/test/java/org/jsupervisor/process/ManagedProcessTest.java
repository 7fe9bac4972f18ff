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

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jsupervisor.config.AutoRestart;
import org.junit.jupiter.api.Test;

class ManagedProcessTest {
  private final FakeHost host = new FakeHost();

  private ManagedProcess newProcess(Programs program) {
    return new ManagedProcess(program.build(), "g", host, host.signaller());
  }

  private void advance(long millis) {
    host.clock.advance(Duration.ofMillis(millis));
    host.runDue();
  }

  @Test
  void autostartSpawnsAndStartsecsLeadsToRunning() {
    var web = newProcess(program("web").startsecs(1));
    web.tick();
    assertEquals(STARTING, web.state());
    assertEquals(100, web.pid());
    advance(1000);
    assertEquals(STARTING, web.state(), "startsecs is a strict 'more than'");
    advance(1);
    assertEquals(RUNNING, web.state());
    assertEquals(List.of(STARTING, RUNNING), host.states());
  }

  @Test
  void startsecsZeroIsRunningAtOnce() {
    var web = newProcess(program("web").startsecs(0));
    web.tick();
    host.runDue();
    assertEquals(RUNNING, web.state());
  }

  @Test
  void autostartFalseStaysStopped() {
    var web = newProcess(program("web").autostart(false));
    web.tick();
    assertEquals(STOPPED, web.state());
    assertTrue(host.spawner.requests.isEmpty());
  }

  @Test
  void exitBeforeStartsecsBacksOffThenGivesUpAfterStartretriesPlusOneSpawns() {
    var web = newProcess(program("web").startsecs(1).startretries(2));
    web.tick();
    web.finish(ExitStatus.exited(1));
    assertEquals(BACKOFF, web.state());
    assertEquals("Exited too quickly (process log may have details)", web.spawnerr());
    advance(1000);
    assertEquals(BACKOFF, web.state(), "the first retry waits more than 1 s");
    advance(1);
    assertEquals(STARTING, web.state());
    web.finish(ExitStatus.exited(1));
    advance(2001);
    assertEquals(STARTING, web.state(), "the second retry waits 2 s");
    web.finish(ExitStatus.exited(1));
    host.runDue();
    assertEquals(FATAL, web.state());
    assertEquals(3, host.spawner.requests.size());
    assertEquals(List.of(STARTING, BACKOFF, STARTING, BACKOFF, STARTING, BACKOFF, FATAL),
        host.states());
  }

  @Test
  void startretriesZeroIsFatalAfterTheFirstFailure() {
    var web = newProcess(program("web").startretries(0));
    web.tick();
    web.finish(ExitStatus.exited(0));
    host.runDue();
    assertEquals(FATAL, web.state());
    assertEquals(1, host.spawner.requests.size());
  }

  @Test
  void expectedExitCodeBeforeStartsecsIsStillAFailure() {
    var web = newProcess(program("web").exitcodes(0));
    web.tick();
    web.finish(ExitStatus.exited(0));
    assertEquals(BACKOFF, web.state());
    assertEquals(0, web.exitstatus());
  }

  @Test
  void spawnErrorGoesToBackoffWithSpawnerr() {
    var web = newProcess(program("web").startretries(0));
    host.spawner.failNext("Too many processes in process table to spawn 'web'");
    web.tick();
    assertEquals(BACKOFF, web.state());
    assertEquals("Too many processes in process table to spawn 'web'", web.spawnerr());
    host.runDue();
    assertEquals(FATAL, web.state());
  }

  @Test
  void expectedExitAfterStartsecsIsExitedAndNotRestartedWhenUnexpectedPolicy() {
    var web = newProcess(program("web").startsecs(0).exitcodes(0, 2));
    web.tick();
    host.runDue();
    web.finish(ExitStatus.exited(2));
    host.runDue();
    assertEquals(EXITED, web.state());
    assertEquals(2, web.exitstatus());
    assertEquals(1, host.spawner.requests.size());
    assertTrue(host.changes.get(host.changes.size() - 1).expected());
  }

  @Test
  void unexpectedExitIsRestartedWithUnexpectedPolicy() {
    var web = newProcess(program("web").startsecs(0));
    web.tick();
    host.runDue();
    web.finish(ExitStatus.exited(3));
    assertEquals(EXITED, web.state());
    assertEquals("Bad exit code 3", web.spawnerr());
    host.runDue();
    assertEquals(RUNNING, web.state());
    assertEquals(2, host.spawner.requests.size());
    assertEquals(List.of(STARTING, RUNNING, EXITED, STARTING, RUNNING), host.states());
  }

  @Test
  void deathBySignalIsExitstatusMinusOneAndUnexpected() {
    var web = newProcess(program("web").startsecs(0).autorestart(AutoRestart.NEVER));
    web.tick();
    host.runDue();
    web.finish(ExitStatus.killed(9));
    host.runDue();
    assertEquals(EXITED, web.state());
    assertEquals(-1, web.exitstatus());
    assertEquals("Bad exit code -1", web.spawnerr());
    assertEquals(1, host.spawner.requests.size(), "autorestart=false never restarts");
  }

  @Test
  void autorestartTrueRestartsEvenAnExpectedExit() {
    var web = newProcess(program("web").startsecs(0).autorestart(AutoRestart.ALWAYS));
    web.tick();
    host.runDue();
    web.finish(ExitStatus.exited(0));
    host.runDue();
    assertEquals(RUNNING, web.state());
    assertEquals(2, host.spawner.requests.size());
  }

  @Test
  void nothingRestartsWhileTheSupervisorIsShuttingDown() {
    var web = newProcess(program("web").startsecs(0).autorestart(AutoRestart.ALWAYS));
    web.tick();
    host.runDue();
    host.acceptsStarts = false;
    web.finish(ExitStatus.exited(0));
    host.runDue();
    assertEquals(EXITED, web.state());
  }

  @Test
  void exitAfterStartsecsButBeforeTheTickPassesThroughRunning() {
    var web = newProcess(program("web").startsecs(1));
    web.tick();
    host.clock.advance(Duration.ofMillis(1500));
    web.finish(ExitStatus.exited(0));
    assertEquals(List.of(STARTING, RUNNING, EXITED), host.states());
  }

  @Test
  void stopSendsStopsignalAndEndsStopped() {
    var web = newProcess(program("web").startsecs(0).stopsignal(Signal.INT));
    web.tick();
    host.runDue();
    assertEquals(Optional.empty(), web.stop());
    assertEquals(STOPPING, web.state());
    assertEquals(List.of("SIGINT 100"), host.kills);
    web.finish(ExitStatus.killed(2));
    assertEquals(STOPPED, web.state());
    assertEquals(-1, web.exitstatus());
    host.runDue();
    assertEquals(STOPPED, web.state(), "an operator's stop is never undone by autorestart");
    assertEquals(100, host.changes.get(host.changes.size() - 1).pid());
  }

  @Test
  void aChildIgnoringItsStopsignalIsKilledAfterStopwaitsecsAndAgainEveryStopwaitsecs() {
    var web = newProcess(program("web").startsecs(0).stopwaitsecs(2));
    web.tick();
    host.runDue();
    web.stop();
    advance(1999);
    assertEquals(List.of("SIGTERM 100"), host.kills);
    advance(1);
    assertEquals(List.of("SIGTERM 100", "SIGKILL 100"), host.kills);
    advance(2000);
    assertEquals(List.of("SIGTERM 100", "SIGKILL 100", "SIGKILL 100"), host.kills);
    web.finish(ExitStatus.killed(9));
    assertEquals(STOPPED, web.state());
    advance(10_000);
    assertEquals(3, host.kills.size(), "no signal after the process is gone");
  }

  @Test
  void stopasgroupSignalsTheProcessGroup() {
    var web = newProcess(program("web").startsecs(0).stopasgroup(true).stopwaitsecs(1));
    web.tick();
    host.runDue();
    web.stop();
    advance(1000);
    assertEquals(List.of("SIGTERM -100", "SIGKILL -100"), host.kills);
  }

  @Test
  void killasgroupAloneOnlyAppliesToTheSigkill() {
    var web = newProcess(program("web").startsecs(0).killasgroup(true).stopwaitsecs(1));
    web.tick();
    host.runDue();
    web.stop();
    advance(1000);
    assertEquals(List.of("SIGTERM 100", "SIGKILL -100"), host.kills);
  }

  @Test
  void stoppingInBackoffIsImmediateAndKeepsTheBackoffCount() {
    var web = newProcess(program("web").startretries(1));
    web.tick();
    web.finish(ExitStatus.exited(1));
    assertEquals(BACKOFF, web.state());
    web.stop();
    assertEquals(STOPPED, web.state());
    assertTrue(host.kills.isEmpty());
    advance(5000);
    assertEquals(STOPPED, web.state(), "no retry after a stop");
    web.spawn();
    web.finish(ExitStatus.exited(1));
    host.runDue();
    assertEquals(FATAL, web.state(), "the backoff count went on from where it was");
  }

  @Test
  void stoppingAProcessThatIsNotRunningSaysSo() {
    var web = newProcess(program("web").autostart(false));
    assertEquals(Optional.of("attempted to kill web with sig SIGTERM but it wasn't running"),
        web.stop());
  }

  @Test
  void runningResetsTheBackoffCounter() {
    var web = newProcess(program("web").startretries(1));
    web.tick();
    web.finish(ExitStatus.exited(1));
    advance(1001);
    assertEquals(STARTING, web.state());
    advance(1001);
    assertEquals(RUNNING, web.state());
    assertEquals(0, web.backoff());
  }

  @Test
  void startingEventsReportTheTries() {
    var web = newProcess(program("web").startretries(3));
    web.tick();
    web.finish(ExitStatus.exited(1));
    advance(1001);
    var starting = host.changes.stream().filter(c -> c.to() == STARTING).toList();
    assertEquals(List.of(0, 1), starting.stream().map(ProcessStateChange::tries).toList());
  }

  @Test
  void childEnvironmentLayersDaemonSupervisorAndProgramSettings() {
    var web = newProcess(program("web").environment(
        java.util.Map.of("FROM_SUPERVISORD", "program", "SUPERVISOR_GROUP_NAME", "mine")));
    var env = web.childEnvironment();
    assertEquals("1", env.get("SUPERVISOR_ENABLED"));
    assertEquals("web", env.get("SUPERVISOR_PROCESS_NAME"));
    assertEquals("mine", env.get("SUPERVISOR_GROUP_NAME"), "config may override SUPERVISOR_*");
    assertEquals("unix:///tmp/supervisor.sock", env.get("SUPERVISOR_SERVER_URL"));
    assertEquals("program", env.get("FROM_SUPERVISORD"));
    assertEquals("/root", env.get("HOME"));
  }

  @Test
  void serverurlOverridesTheDefaultAndAnEmptyOneLeavesTheVariableOut() {
    assertEquals("http://h:1",
        newProcess(program("web").serverurl("http://h:1")).childEnvironment()
            .get("SUPERVISOR_SERVER_URL"));
    // supervisord: serverurl= (empty) is not "unset", so the default is not used either.
    assertFalse(newProcess(program("web").serverurl("")).childEnvironment()
        .containsKey("SUPERVISOR_SERVER_URL"));
  }

  @Test
  void namespecOmitsTheGroupWhenItIsTheProcessName() {
    assertEquals("g:web", newProcess(program("web")).namespec());
    assertEquals("g", new ManagedProcess(program("g").build(), "g", host, host.signaller())
        .namespec());
  }
}
