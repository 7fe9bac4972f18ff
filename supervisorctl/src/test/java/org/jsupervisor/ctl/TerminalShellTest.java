package org.jsupervisor.ctl;

import org.jsupervisor.testing.ProjectRoot;

import static org.jsupervisor.ctl.PtySession.BACKSPACE;
import static org.jsupervisor.ctl.PtySession.CTRL_A;
import static org.jsupervisor.ctl.PtySession.CTRL_C;
import static org.jsupervisor.ctl.PtySession.CTRL_D;
import static org.jsupervisor.ctl.PtySession.ENTER;
import static org.jsupervisor.ctl.PtySession.TAB;
import static org.jsupervisor.ctl.PtySession.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell on a real terminal, typed into key by key: line editing, history, Tab completion,
 * Ctrl-C, Ctrl-D and {@code fg}, with Python's supervisorctl through the same keys where both should
 * behave alike. The server is Python's supervisord.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
final class TerminalShellTest {
  private static final String PROGRAMS = """
      [program:repeater]
      command=sh -c 'while read line; do echo "got: $line"; done'
      startsecs=0

      [program:sleeper]
      command=sleep 1000
      startsecs=0

      [program:grp]
      command=sleep 1000
      process_name=%(program_name)s_%(process_num)d
      numprocs=2
      startsecs=0
      """;

  @TempDir static Path dir;
  private PythonSupervisor supervisor;
  private String version;

  @BeforeAll
  void startSupervisord() throws Exception {
    supervisor = new PythonSupervisor(dir, PROGRAMS);
    supervisor.start();
    version = supervisor.ours("version").out().strip();
  }

  @AfterAll
  void stopSupervisord() throws Exception {
    if (supervisor != null) {
      supervisor.close();
    }
  }

  private enum Client { PYTHON, OURS }

  private PtySession shell(Client client, String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("-c", supervisor.conf().toString()));
    argv.addAll(List.of(args));
    if (client == Client.OURS) {
      return PtySession.start(PtySession.ourSupervisorctl(argv.toArray(String[]::new)), Map.of());
    }
    Path root = ProjectRoot.pythonSupervisor();
    List<String> command = new ArrayList<>(List.of("python3", root.resolve("usr/bin/supervisorctl").toString()));
    command.addAll(argv);
    return PtySession.start(command, Map.of("PYTHONPATH", root.resolve("usr/lib/python3/dist-packages").toString()));
  }

  /** A config for the client only, with a history file. */
  private Path clientConf(Path history) throws IOException {
    Path conf = dir.resolve("ctl-" + history.getFileName() + ".conf");
    Files.writeString(conf, "[supervisorctl]\nserverurl=unix://" + supervisor.socket() + "\nhistory_file=" + history + "\n");
    return conf;
  }

  @Test
  void editingKeysHistoryAndTabCompletionShapeTheLinesThatRun() throws Exception {
    Path history = dir.resolve("history");
    Files.writeString(history, "pid sleeper\n"); // as readline writes it: one line per entry
    String sleeperPid = supervisor.ours("pid", "sleeper").out().strip();
    try (var tty = PtySession.start(PtySession.ourSupervisorctl("-c", clientConf(history).toString()), Map.of())) {
      tty.await("sleeper").await("supervisor> ");

      tty.type(UP + ENTER).await("\n" + sleeperPid + "\n").await("supervisor> "); // from the history file
      tty.type("ersion" + CTRL_A + "v" + ENTER).await("\n" + version + "\n").await("supervisor> ");
      tty.type("helpx" + BACKSPACE + " quit" + ENTER).await("Exit the supervisor shell.").await("supervisor> ");
      tty.type(PtySession.UP_ANSI + ENTER).await("Exit the supervisor shell.").await("supervisor> ");
      tty.type("vers" + TAB + ENTER).await("\n" + version + "\n").await("supervisor> ");
      tty.type("pid sl" + TAB + ENTER).await("\n" + sleeperPid + "\n").await("supervisor> ");

      // Ctrl-C throws a typed line away and the shell goes on.
      tty.type("status").await("status");
      tty.type(CTRL_C).await("supervisor> ");
      tty.type("version" + ENTER).await("\n" + version + "\n");
      tty.type(CTRL_D);
      assertEquals(0, tty.awaitExit());
      String shown = tty.all();
      assertEquals(-1, shown.indexOf("RUNNING", shown.indexOf("helpx")), "the discarded status ran:\n" + shown);
    }
    // A recalled line equal to the one before it is not added again, as readline does; completion
    // leaves its space after the word, as in readline.
    assertEquals(List.of("pid sleeper", "version", "help quit", "version ", "pid sleeper ", "version"),
        Files.readAllLines(history));
  }

  @Test
  void tabCompletesGroupsAndProcessesAsPythonDoes() throws Exception {
    // Each line is completed, then run: what ran shows in the output.
    try (var tty = shell(Client.OURS)) {
      tty.await("sleeper").await("supervisor> ");
      tty.type("status sle" + TAB + ENTER).await(running("sleeper")).await("supervisor> ");
      tty.type("status grp:grp_1" + TAB + ENTER).await(running("grp:grp_1")).await("supervisor> ");
      tty.type("status rep" + TAB + "gr" + TAB + ENTER) // "grp:" first, as the group's processes share it
          .await(running("repeater")).await(running("grp:grp_0")).await(running("grp:grp_1"))
          .await("supervisor> ");
      tty.type("add gr" + TAB + ENTER).await("ERROR: process group already active").await("supervisor> ");
      tty.type("help mainta" + TAB + ENTER).await("maintail -f").await("supervisor> ");
      tty.type(CTRL_D);
      assertEquals(0, tty.awaitExit());
    }
  }

  /** The start of a {@code status} line for a running process. */
  private static String running(String namespec) {
    return String.format("%-33sRUNNING", namespec);
  }

  @Test
  void tabOffersWhatPythonsCompleterOffers() throws Exception {
    List<String> lines = List.of("", "st", "help ", "help ma", "status ", "status gr", "status grp:", "stop sleeper rep",
        "tail -f sl", "fg ", "add ", "remove g", "update r", "version ", "nosuch x");
    // Python's Controller.complete(text, state, line), as readline calls it, for each line.
    String script = """
        import sys
        from supervisor.options import ClientOptions
        from supervisor.supervisorctl import Controller
        options = ClientOptions()
        options.realize(['-c', sys.argv[1]])
        ctl = Controller(options)
        for line in sys.argv[2:]:
            text = '' if line == '' or line.endswith(' ') else line.split()[-1]
            matches, state = [], 0
            while True:
                match = ctl.complete(text, state, line)
                if match is None:
                    break
                matches.append(match.strip())
                state += 1
            print('|'.join(sorted(set(matches))))
        """;
    Path root = ProjectRoot.pythonSupervisor();
    List<String> command = new ArrayList<>(List.of("python3", "-c", script, supervisor.conf().toString()));
    command.addAll(lines);
    var pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PYTHONPATH", root.resolve("usr/lib/python3/dist-packages").toString());
    Process p = pb.start();
    List<String> python = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
        .lines().toList();
    assertEquals(0, p.waitFor(), String.join("\n", python));

    var options = new Options("unix://" + supervisor.socket(), null, null, "supervisor", null, true, List.of());
    var ctl = new Controller(options, System.out, System.err, null, new Interrupts(() -> { }));
    try {
      Completion completion = Completion.of(ctl);
      List<String> ours = new ArrayList<>();
      for (String line : lines) {
        String word = line.isEmpty() || line.endsWith(" ") ? "" : line.substring(line.lastIndexOf(' ') + 1);
        ours.add(String.join("|", new java.util.TreeSet<>(completion.candidates(line, word))));
      }
      assertEquals(python, ours);
    } finally {
      ctl.close();
    }
  }

  @Test
  void ctrlCOnAnEmptyLineAndCtrlDLeaveLikePython() throws Exception {
    for (String key : List.of(CTRL_C, CTRL_D)) {
      List<String> endings = new ArrayList<>();
      for (Client client : Client.values()) {
        try (var tty = shell(client)) {
          tty.await("sleeper").await("supervisor> ");
          tty.type(key);
          assertEquals(0, tty.awaitExit(), client + " exit status");
          endings.add(tty.rest());
        }
      }
      assertEquals(endings.get(0), endings.get(1), "what shows after the prompt, Python's first");
      assertEquals("\n", endings.get(1));
    }
  }

  @Test
  void fgSendsTypedLinesAndCtrlCReturnsToTheShellLikePython() throws Exception {
    for (Client client : Client.values()) {
      String line = "hello from " + client;
      try (var tty = shell(client)) {
        tty.await("sleeper").await("supervisor> ");
        tty.type("fg repeater" + ENTER).await("==> Press Ctrl-C to exit <==\n");
        tty.type(line + ENTER).await("got: " + line + "\n"); // sent to its stdin, and its stdout streamed back
        tty.type(CTRL_C).await("Exiting foreground\n").await("supervisor> ");
        tty.type("version" + ENTER).await("\n" + version + "\n").await("supervisor> ");
        tty.type("fg repeater" + ENTER).await("==> Press Ctrl-C to exit <==\n");
        tty.type(CTRL_D).await("Exiting foreground\n").await("supervisor> "); // end of input ends fg only
        if (client == Client.OURS) {
          // Python's client would take up to 30 s to exit here: its fg stream threads are not daemon
          // threads and only see that fg ended when asyncore's select times out. Its session is
          // closed instead.
          tty.type(CTRL_D);
          assertEquals(0, tty.awaitExit(), client + " exit status");
        }
      }
    }
  }

  @Test
  void oneShotActionsLoadNoLineEditingClass() throws Exception {
    List<String> command = new ArrayList<>(PtySession.ourSupervisorctl("-c", supervisor.conf().toString(), "status"));
    command.add(1, "-Xlog:class+load=info");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    assertTrue(log.contains("org.jsupervisor.ctl.StatusFormatter"), log);
    assertFalse(log.contains("org.jline"), "JLine was loaded for a one-shot action");
    assertFalse(log.contains("org.jsupervisor.ctl.terminal"), "the terminal reader was loaded for a one-shot action");
  }
}
