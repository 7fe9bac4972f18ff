package org.jsupervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shutdown that takes a while (a program that survives SIGTERM until it is released), under
 * Python's supervisord 4.2.5 and under our daemon, each its own process: what XML-RPC answers
 * meanwhile (every {@code supervisor.*} method faults SHUTDOWN_STATE but sendRemoteCommEvent,
 * and signalAllProcesses signals nothing before it faults), and how {@code /logtail} and
 * {@code /mainlogtail} serve and stream until the daemon exits. The scenario is
 * {@code shutdown_scenario.py}; both transcripts must be equal.
 */
class ShutdownCompatibilityTest {
  private static final String TRAP = String.join("\n",
      "#!/bin/sh",
      "trap 'echo got-TERM' TERM",
      "trap 'echo got-USR1' USR1",
      "trap 'echo got-USR2' USR2",
      "echo started",
      "while [ ! -e release ]; do sleep 0.05; done",
      "echo released",
      "");

  @TempDir Path dir;
  private final PythonSupervisor python = new PythonSupervisor();
  private final DaemonProcesses daemons = new DaemonProcesses();

  @AfterEach
  void stopDaemons() throws InterruptedException {
    daemons.close();
  }

  @Test
  void whileShuttingDownRpcFaultsAndTailsStreamAsUnderPythonSupervisord() throws Exception {
    String ours = session(dir.resolve("ours"), true);
    String theirs = session(dir.resolve("theirs"), false);
    Files.writeString(Path.of("target", "shutdown-ours.txt"), ours);
    Files.writeString(Path.of("target", "shutdown-theirs.txt"), theirs);
    assertTrue(theirs.contains("supervisor.signalAllProcesses('USR1',) -> FAULT 6 SHUTDOWN_STATE"),
        theirs);
    assertTrue(theirs.contains("trap.log while shutting down: "
        + "'started\\ngot-USR1\\ngot-TERM\\ngot-USR2\\n'"), "no USR1 during the shutdown: " + theirs);
    assertEquals(theirs, ours);
  }

  private String session(Path sessionDir, boolean ours) throws Exception {
    Files.createDirectories(sessionDir);
    Path scenario = sessionDir.resolve("shutdown_scenario.py");
    try (InputStream in = getClass().getResourceAsStream("/compat/shutdown_scenario.py")) {
      Files.write(scenario, in.readAllBytes());
    }
    Path trap = sessionDir.resolve("trap.sh");
    Files.writeString(trap, TRAP);
    trap.toFile().setExecutable(true);
    Path socket = sessionDir.resolve("s.sock");
    Path conf = sessionDir.resolve("supervisord.conf");
    Files.writeString(conf, String.join("\n",
        "[supervisord]",
        "logfile=" + sessionDir.resolve("supervisord.log"),
        "pidfile=" + sessionDir.resolve("supervisord.pid"),
        "childlogdir=" + sessionDir,
        "[unix_http_server]",
        "file=" + socket,
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[program:trap]",
        "command=" + trap,
        "directory=" + sessionDir,
        "startsecs=0",
        "stopwaitsecs=120",
        "stdout_logfile=" + sessionDir.resolve("trap.log"),
        ""));
    Path out = sessionDir.resolve(ours ? "jsupervisord.out" : "python-supervisord.out");
    Process daemon = ours ? daemons.startOurs(sessionDir, conf)
        : daemons.track(python.startSupervisord(sessionDir, conf));
    DaemonProcesses.awaitSocket(socket, daemon, out);
    var r = python.run(sessionDir, List.of(scenario.toString(), socket.toString(),
        sessionDir.toString()));
    assertEquals(0, r.status(), () -> (ours ? "ours" : "theirs") + ": " + r.output()
        + "\ndaemon:\n" + DaemonProcesses.read(out));
    assertTrue(DaemonProcesses.awaitExit(daemon, 30), "the daemon exits once trap is released");
    return r.output() + "daemon exit " + daemon.exitValue() + "\n";
  }
}
