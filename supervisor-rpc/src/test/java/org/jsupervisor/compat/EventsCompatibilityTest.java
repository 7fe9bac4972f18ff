package org.jsupervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same {@code [eventlistener:x]}, written with Python's {@code supervisor.childutils}, under
 * Python's supervisord 4.2.5 and under our daemon (each its own process, stopped by pid): the
 * events it records for one scripted scenario must be the same.
 *
 * <p>Scenario: {@code up} starts and stays up; {@code crash} exits at once (startretries=1:
 * BACKOFF twice, then FATAL); {@code cap} writes a capture-mode block on stdout and one on
 * stderr ({@code std*_capture_maxbytes}); {@code brief} exits with an unexpected code after
 * startsecs (EXITED, autorestart=false); then {@code stopProcess('up')} and
 * {@code sendRemoteCommEvent} over XML-RPC.
 *
 * <p>Normalisation (see {@code event_listener.py}): the listener records header and payload
 * <em>keys</em>, and payload values except pid, serial and poolserial (those depend on timing
 * and on how many events other pools took); it checks itself that poolserial goes up by one.
 * Events of different processes interleave by timing, so lines are compared after a stable
 * sort by processname: the order of each process's own events (and of the events that carry
 * no processname) is kept and compared.
 *
 * <p>Each process's own order must not depend on timing either, so nothing in the scenario races
 * a clock: {@code crash} exits at once but has startsecs=10, so its exit always counts as too
 * quick, however late a loaded machine reaps it; {@code cap} writes its stdout block only when
 * the scenario has seen it RUNNING (supervisord notices startsecs up to a second late), and its
 * stderr block only once the stdout event is recorded (when both pipes are readable in one turn,
 * supervisord reads them in fd order while our loop goes through a {@code HashMap} of fds); and
 * {@code brief} exits only when the scenario has seen it RUNNING. The scenario opens each of
 * these gates by creating a file next to the record.
 */
class EventsCompatibilityTest {
  @TempDir Path dir;
  private final PythonSupervisor python = new PythonSupervisor();
  private final DaemonProcesses daemons = new DaemonProcesses();

  @AfterEach
  void stopDaemons() throws InterruptedException {
    daemons.close();
  }

  @Test
  void childutilsListenerRecordsTheSameEventsAsUnderPythonSupervisord() throws Exception {
    List<String> ours = session(dir.resolve("ours"), true);
    List<String> theirs = session(dir.resolve("theirs"), false);
    Files.writeString(Path.of("target", "events-ours.txt"), String.join("\n", ours) + "\n");
    Files.writeString(Path.of("target", "events-theirs.txt"), String.join("\n", theirs) + "\n");
    assertTrue(theirs.stream().anyMatch(l -> l.startsWith("REMOTE_COMMUNICATION")),
        theirs::toString);
    assertEquals(String.join("\n", theirs), String.join("\n", ours));
  }

  private List<String> session(Path sessionDir, boolean ours) throws Exception {
    Files.createDirectories(sessionDir);
    Path listener = copy("event_listener.py", sessionDir);
    Path scenario = copy("event_scenario.py", sessionDir);
    Path record = sessionDir.resolve("events.txt");
    Files.writeString(record, "");
    Path socket = sessionDir.resolve("s.sock");
    Path conf = sessionDir.resolve("supervisord.conf");
    String sitePackages = python.root.resolve("usr/lib/python3/dist-packages").toString();
    Files.writeString(conf, String.join("\n",
        "[supervisord]",
        "logfile=" + sessionDir.resolve("supervisord.log"),
        "pidfile=" + sessionDir.resolve("supervisord.pid"),
        "childlogdir=" + sessionDir,
        "[unix_http_server]",
        "file=" + socket,
        "[supervisorctl]",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[eventlistener:x]",
        "command=python3 " + listener + " " + record,
        "events=PROCESS_STATE,PROCESS_COMMUNICATION,REMOTE_COMMUNICATION,SUPERVISOR_STATE_CHANGE",
        "environment=PYTHONPATH=\"" + sitePackages + "\"",
        "buffer_size=100",
        "startsecs=1",
        "priority=1",
        "[program:up]", "command=sleep 1000", "startsecs=1", "priority=10",
        "[program:crash]", "command=/bin/sh -c \"exit 3\"", "startsecs=10", "startretries=1",
        "priority=10",
        "[program:cap]",
        "command=/bin/sh -c \"" + awaitGate(sessionDir, "cap-stdout") + "echo before; "
            + "printf '<!--XSUPERVISOR:BEGIN-->captured text<!--XSUPERVISOR:END-->'; echo after; "
            + awaitGate(sessionDir, "cap-stderr")
            + "printf '<!--XSUPERVISOR:BEGIN-->on stderr<!--XSUPERVISOR:END-->' >&2; exec sleep 1000\"",
        "startsecs=1", "stdout_capture_maxbytes=1MB", "stderr_capture_maxbytes=1MB",
        "priority=10",
        "[program:brief]", "command=/bin/sh -c \"" + awaitGate(sessionDir, "brief-exit") + "exit 2\"", "startsecs=1",
        "autorestart=false", "exitcodes=0", "priority=10",
        ""));
    Path out = sessionDir.resolve(ours ? "jsupervisord.out" : "python-supervisord.out");
    Process daemon = ours ? daemons.startOurs(sessionDir, conf)
        : daemons.track(python.startSupervisord(sessionDir, conf));
    DaemonProcesses.awaitSocket(socket, daemon, out);
    var r = python.run(sessionDir, List.of(scenario.toString(), "unix://" + socket,
        record.toString()));
    String recorded = Files.readString(record);
    assertEquals(0, r.status(), () -> (ours ? "ours" : "theirs") + ": " + r.output()
        + "\nrecorded:\n" + recorded + "\ndaemon:\n" + DaemonProcesses.read(out));
    var lines = new ArrayList<>(recorded.lines().toList());
    lines.sort(Comparator.comparing(EventsCompatibilityTest::processName));
    lines.add("scenario: " + r.output().strip());
    // Stop the daemon by its pid (SIGTERM; it stops its children) before the next one starts.
    daemon.destroy();
    assertTrue(DaemonProcesses.awaitExit(daemon, 30), "daemon exits on SIGTERM");
    return lines;
  }

  /** Shell text that waits until the scenario creates the gate file {@code name} (see event_scenario.py). */
  private static String awaitGate(Path sessionDir, String name) {
    return "until [ -e " + sessionDir.resolve("gate-" + name) + " ]; do sleep 0.05; done; ";
  }

  private static final Pattern PROCESS_NAME = Pattern.compile(" processname:(\\S+)");

  private static String processName(String line) {
    Matcher m = PROCESS_NAME.matcher(line);
    return m.find() ? m.group(1) : "";
  }

  private Path copy(String resource, Path sessionDir) throws IOException {
    Path target = sessionDir.resolve(resource);
    try (InputStream in = getClass().getResourceAsStream("/compat/" + resource)) {
      Files.write(target, in.readAllBytes());
    }
    return target;
  }
}
