package org.jsupervisor.process;

import org.jsupervisor.testing.ProjectRoot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsupervisor.config.ConfigLoader;
import org.jsupervisor.events.EventPool;
import org.jsupervisor.log.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real engine, real listener processes: Python listeners built on Debian's
 * {@code supervisor.childutils}, started by the engine as {@code [eventlistener:x]} programs.
 */
class EventListenerIntegrationTest {
  @TempDir Path dir;

  /** Records "eventname serial poolserial repr(payload)" per event, answering OK to each. */
  private static final String RECORDER = """
      import sys
      from supervisor import childutils
      out = open(sys.argv[1], 'a')
      while True:
          headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
          out.write('%s %s %s %r\\n' % (headers['eventname'], headers['serial'],
                                         headers['poolserial'], payload))
          out.flush()
          childutils.listener.ok(sys.stdout)
      """;


  /** PYTHONPATH of Debian's extracted supervisor package; fails (never skips) without it. */
  static String pythonPath() {
    Path root = ProjectRoot.get().resolve(".cache/python-supervisor");
    Path pkgs = root.resolve("usr/lib/python3/dist-packages");
    if (!Files.exists(pkgs.resolve("supervisor/childutils.py"))) {
      fail("Debian's Python supervisor is not extracted at " + root
          + "; run scripts/python-supervisor.sh");
    }
    return pkgs.toString();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void awaitLines(Path file, String what, java.util.function.Predicate<List<String>> p)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!p.test(lines(file))) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what + "; got:\n" + String.join("\n", lines(file)));
      }
      Thread.sleep(20);
    }
  }

  /**
   * Writes supervisord.conf in the test's directory: a [supervisord] section with everything in
   * it, then {@code sections}, where PYPATH stands for the extracted Python supervisor package.
   */
  private Path config(String sections) throws IOException {
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, """
        [supervisord]
        logfile=%(here)s/supervisord.log
        pidfile=%(here)s/supervisord.pid
        childlogdir=%(here)s

        """ + sections.replace("PYPATH", pythonPath()));
    return conf;
  }

  @Test
  void pythonListenerSeesSupervisordsSequence() throws Exception {
    Files.writeString(dir.resolve("recorder.py"), RECORDER);
    Path conf = config("""
        [program:good]
        command=/bin/sleep 1000
        startsecs=1

        [program:crash]
        command=/bin/sh -c 'exit 3'
        startsecs=1
        startretries=1

        [program:talker]
        command=/bin/sh -c 'echo plain; printf "<!--XSUPERVISOR:BEGIN-->captured data<!--XSUPERVISOR:END-->\\n"; exec sleep 1000'
        startsecs=0
        stdout_capture_maxbytes=1MB
        stdout_events_enabled=true

        [eventlistener:rec]
        command=python3 %(here)s/recorder.py %(here)s/events.txt
        events=PROCESS_STATE,PROCESS_COMMUNICATION,PROCESS_LOG,SUPERVISOR_STATE_CHANGE,PROCESS_GROUP,REMOTE_COMMUNICATION
        buffer_size=100
        environment=PYTHONPATH="PYPATH"
        """);
    Path events = dir.resolve("events.txt");
    try (var e = new Engine(ConfigLoader.load(conf))) {
      e.awaitState("good", ProcessState.RUNNING, Duration.ofSeconds(20));
      e.awaitState("crash", ProcessState.FATAL, Duration.ofSeconds(20));
      awaitLines(events, "the communication event",
          l -> l.stream().anyMatch(s -> s.startsWith("PROCESS_COMMUNICATION_STDOUT")));
      e.onProcess("good", ManagedProcess::stop);
      e.awaitState("good", ProcessState.STOPPED, Duration.ofSeconds(20));
      e.call(s -> {
        e.events.remoteCommunication("greeting", "h\u00e9llo");
        return null;
      });
      awaitLines(events, "the remote event",
          l -> l.stream().anyMatch(s -> s.startsWith("REMOTE_COMMUNICATION")));
    }
    List<String> got = lines(events);
    // serials: one pool, so global and pool serials agree and count up from 0 without gaps
    for (int i = 0; i < got.size(); i++) {
      String[] f = got.get(i).split(" ", 4);
      assertEquals(i, Integer.parseInt(f[1]), got.get(i));
      assertEquals(i, Integer.parseInt(f[2]), got.get(i));
    }
    // start-up: the pool sees its own creation and every group created after it, then RUNNING
    assertEquals(List.of(
        "PROCESS_GROUP_ADDED 0 0 'groupname:rec\\n'",
        "PROCESS_GROUP_ADDED 1 1 'groupname:crash\\n'",
        "PROCESS_GROUP_ADDED 2 2 'groupname:good\\n'",
        "PROCESS_GROUP_ADDED 3 3 'groupname:talker\\n'",
        "SUPERVISOR_STATE_CHANGE_RUNNING 4 4 ''"), got.subList(0, 5));
    assertEquals(List.of(
        "PROCESS_STATE_STARTING 'processname:crash groupname:crash from_state:STOPPED tries:0'",
        "PROCESS_STATE_BACKOFF 'processname:crash groupname:crash from_state:STARTING tries:1'",
        "PROCESS_STATE_STARTING 'processname:crash groupname:crash from_state:BACKOFF tries:1'",
        "PROCESS_STATE_BACKOFF 'processname:crash groupname:crash from_state:STARTING tries:2'",
        "PROCESS_STATE_FATAL 'processname:crash groupname:crash from_state:BACKOFF'"),
        about(got, "processname:crash "));
    List<String> good = about(got, "processname:good ");
    assertEquals(4, good.size(), good.toString());
    assertEquals("PROCESS_STATE_STARTING 'processname:good groupname:good from_state:STOPPED tries:0'",
        good.get(0));
    assertTrue(good.get(1).matches("PROCESS_STATE_RUNNING 'processname:good groupname:good "
        + "from_state:STARTING pid:[1-9][0-9]*'"), good.get(1));
    assertTrue(good.get(2).matches("PROCESS_STATE_STOPPING 'processname:good groupname:good "
        + "from_state:RUNNING pid:[1-9][0-9]*'"), good.get(2));
    assertTrue(good.get(3).matches("PROCESS_STATE_STOPPED 'processname:good groupname:good "
        + "from_state:STOPPING pid:[1-9][0-9]*'"), good.get(3));
    // the listener's own STARTING and RUNNING were buffered until it could take events
    assertEquals(2, about(got, "processname:rec ").size());
    // capture mode: the captured text is one communication event, and PROCESS_LOG too (quirk)
    List<String> talker = about(got, "processname:talker ");
    assertTrue(talker.stream().anyMatch(s -> s.matches("PROCESS_COMMUNICATION_STDOUT "
        + "'processname:talker groupname:talker pid:[0-9]+\\\\ncaptured data'")), talker.toString());
    assertTrue(talker.stream().anyMatch(s -> s.matches("PROCESS_LOG_STDOUT 'processname:talker "
        + "groupname:talker pid:[0-9]+ channel:stdout\\\\n.*captured data'")), talker.toString());
    assertTrue(talker.stream().anyMatch(s -> s.matches("PROCESS_LOG_STDOUT 'processname:talker "
        + "groupname:talker pid:[0-9]+ channel:stdout\\\\nplain\\\\n.*")), talker.toString());
    int remote = -1;
    for (int i = 0; i < got.size(); i++) {
      if (got.get(i).matches("REMOTE_COMMUNICATION \\d+ \\d+ 'type:greeting\\\\nh\u00e9llo'")) {
        remote = i;
      }
    }
    assertTrue(remote > 0, got.toString());
    // shutdown: STOPPING is notified before any process is stopped (if the listener, stopped
    // last, still got anything)
    if (remote + 1 < got.size()) {
      assertTrue(got.get(remote + 1).startsWith("SUPERVISOR_STATE_CHANGE_STOPPING"), got.toString());
    }
  }

  /** "EVENTNAME 'payload'" of the events whose payload starts with {@code prefix}. */
  private static List<String> about(List<String> got, String prefix) {
    var out = new ArrayList<String>();
    for (String line : got) {
      String[] f = line.split(" ", 4);
      if (f[3].startsWith("'" + prefix)) {
        out.add(f[0] + " " + f[3]);
      }
    }
    return out;
  }

  /** Records each event's serial in a file of its own, answering OK. */
  private static final String COUNTER = """
      import sys
      from supervisor import childutils
      out = open(sys.argv[1], 'a')
      while True:
          headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
          out.write(headers['serial'] + '\\n')
          out.flush()
          childutils.listener.ok(sys.stdout)
      """;

  @Test
  void tenThousandEventsThroughThreeListeners() throws Exception {
    Files.writeString(dir.resolve("counter.py"), COUNTER);
    Path conf = config("""
        [eventlistener:count]
        command=python3 %(here)s/counter.py %(here)s/got-%(process_num)d.txt
        process_name=%(program_name)s_%(process_num)d
        numprocs=3
        startsecs=0
        events=REMOTE_COMMUNICATION
        buffer_size=10
        environment=PYTHONPATH="PYPATH"
        """);
    int total = 10_000;
    try (var logs = new LogCapture(); var e = new Engine(ConfigLoader.load(conf))) {
      e.await("listeners ready", Duration.ofSeconds(20), s -> s.allProcesses().stream()
          .allMatch(p -> e.events.listenerState(p).orElseThrow().name().equals("READY")));
      for (int sent = 0; sent < total; sent += 50) {
        int from = sent;
        e.call(s -> {
          for (int i = from; i < from + 50; i++) {
            e.events.remoteCommunication("n", Integer.toString(i));
          }
          return null;
        });
        Thread.sleep(1);
      }
      EventPool pool = e.call(s -> e.events.pool("count").orElseThrow());
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received(dir).size() + e.call(s -> pool.discarded()) < total) {
        if (System.nanoTime() > deadline) {
          fail("lost events: received " + received(dir).size() + ", discarded "
              + e.call(s -> pool.discarded()));
        }
        Thread.sleep(20);
      }
      long discarded = e.call(s -> pool.discarded());
      Pattern drop = Pattern.compile(
          "ERROR pool count event buffer overflowed, discarding event ([0-9]+)");
      Set<Integer> dropped = new HashSet<>();
      for (String line : logs.errors()) {
        Matcher m = drop.matcher(line);
        assertTrue(m.matches(), line);
        dropped.add(Integer.parseInt(m.group(1)));
      }
      assertEquals(discarded, logs.errors().size());
      assertEquals(discarded, dropped.size());
      List<Integer> got = received(dir);
      assertEquals(got.size(), new HashSet<>(got).size(), "an event was delivered twice");
      var all = new HashSet<>(got);
      all.addAll(dropped);
      assertEquals(total, all.size());
      assertTrue(discarded > 0 && got.size() > 0, "received " + got.size() + ", dropped " + discarded);
    }
  }

  @Test
  void aListenerThatStopsReadingStallsOnlyItself() throws Exception {
    Files.writeString(dir.resolve("counter.py"), COUNTER);
    Path conf = config("""
        [eventlistener:stuck]
        command=/bin/sh -c 'printf "READY\\n"; exec sleep 1000'
        startsecs=0
        events=REMOTE_COMMUNICATION

        [eventlistener:count]
        command=python3 %(here)s/counter.py %(here)s/got-0.txt
        startsecs=0
        events=REMOTE_COMMUNICATION
        environment=PYTHONPATH="PYPATH"
        """);
    try (var e = new Engine(ConfigLoader.load(conf))) {
      e.await("listeners ready", Duration.ofSeconds(20), s -> s.allProcesses().stream()
          .allMatch(p -> e.events.listenerState(p).orElseThrow().name().equals("READY")));
      String big = "x".repeat(1 << 20); // far more than a pipe holds
      e.call(s -> {
        e.events.remoteCommunication("big", big);
        for (int i = 0; i < 5; i++) {
          e.events.remoteCommunication("small", Integer.toString(i));
        }
        return null;
      });
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received(dir).size() < 6) {
        if (System.nanoTime() > deadline) {
          fail("the other pool got only " + received(dir));
        }
        Thread.sleep(20);
      }
      assertEquals(List.of(0, 1, 2, 3, 4, 5), received(dir));
      assertEquals("BUSY", e.call(s -> e.events.listenerState(s.allProcesses().stream()
          .filter(p -> p.name().equals("stuck")).findFirst().orElseThrow()).orElseThrow().name()));
      assertEquals(Integer.valueOf(5), e.call(s -> e.events.pool("stuck").orElseThrow().buffered()));
    }
  }

  /** conf-examples/eventlistener.conf, run from a copy, logs state changes through its listener. */
  @Test
  void theEventListenerExampleWorks() throws Exception {
    Path examples = ProjectRoot.get().resolve("conf-examples");
    Files.copy(examples.resolve("eventlistener.conf"), dir.resolve("eventlistener.conf"));
    Files.createDirectories(dir.resolve("listeners"));
    Files.createDirectories(dir.resolve("run"));
    Path script = dir.resolve("listeners/log_state_changes.sh");
    Files.copy(examples.resolve("listeners/log_state_changes.sh"), script);
    script.toFile().setExecutable(true);
    Path err = dir.resolve("run/statelog.err");
    try (var e = new Engine(ConfigLoader.load(dir.resolve("eventlistener.conf")))) {
      awaitLines(err, "crashy RUNNING in the listener's log", l -> l.stream().anyMatch(s ->
          s.contains("eventname:PROCESS_STATE_RUNNING") && s.contains("processname:crashy")));
    }
    List<String> got = lines(err);
    assertTrue(got.get(0).matches("ver:3\\.0 server:supervisor serial:\\d+ pool:statelog "
        + "poolserial:0 eventname:PROCESS_STATE_STARTING len:\\d+ \\| processname:\\w+ "
        + "groupname:\\w+ from_state:STOPPED tries:0"), got.toString());
  }

  private static List<Integer> received(Path dir) {
    var out = new ArrayList<Integer>();
    for (int n = 0; n < 3; n++) {
      for (String s : lines(dir.resolve("got-" + n + ".txt"))) {
        if (!s.isBlank()) {
          out.add(Integer.parseInt(s.trim()));
        }
      }
    }
    return out;
  }
}
