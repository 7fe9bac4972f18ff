package org.jsupervisor.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** {@link GoldenOutputSuite} against Python's supervisord 4.2.5, plus the daemon-independent cases. */
final class GoldenOutputTest extends GoldenOutputSuite {
  @Override
  void startDaemon(PythonSupervisor supervisor) throws Exception {
    supervisor.start();
  }

  @Test
  @Order(8)
  void unreachableServersMatchPython() throws Exception {
    String refused = "http://127.0.0.1:" + PythonSupervisor.freePort();
    String missing = "unix://" + dir.resolve("no-such.sock");
    for (String url : List.of(refused, missing)) {
      for (String command : List.of("status", "version", "avail", "shutdown")) {
        List<String> args = new ArrayList<>(List.of("-s", url));
        args.addAll(List.of(command.split(" ")));
        String[] argv = args.toArray(String[]::new);
        var python = supervisor.pythonCtl(new byte[0], argv);
        var ours = PythonSupervisor.oursRaw(new byte[0], argv);
        assertEquals(PythonSupervisor.normalise(python.out()), PythonSupervisor.normalise(ours.out()), String.join(" ", args));
        assertEquals(python.code(), ours.code(), String.join(" ", args));
      }
    }
  }

  @Test
  @Order(9)
  void usageErrorsMatchPython() throws Exception {
    for (String[] args : List.of(
        new String[] {"--nosuch"},
        new String[] {"-c"},
        new String[] {"-s", "bogus", "status"},
        new String[] {"-c", dir.resolve("missing.conf").toString(), "status"},
        new String[] {"-s", "http://a:1", "-s", "http://b:2", "status"})) {
      var python = supervisor.pythonCtl(new byte[0], args);
      var ours = PythonSupervisor.oursRaw(new byte[0], args);
      assertEquals(python.code(), ours.code(), String.join(" ", args));
      assertEquals(firstLine(python.err()), firstLine(ours.err()), String.join(" ", args));
    }
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
