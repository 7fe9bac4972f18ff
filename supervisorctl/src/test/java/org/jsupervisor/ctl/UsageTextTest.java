package org.jsupervisor.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jsupervisor.testing.ProjectRoot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code supervisorctl -h} prints what Python's supervisorctl prints, byte for byte, and exits as it does. */
class UsageTextTest {
  @ParameterizedTest
  @ValueSource(strings = {"-h", "-?", "--help", "--he"})
  void usageIsSupervisorctlsOwnText(String option) throws Exception {
    Path script = ProjectRoot.pythonSupervisor().resolve("usr/bin/supervisorctl");
    var pb = new ProcessBuilder("python3", script.toString(), option);
    pb.environment().put("PYTHONPATH", ProjectRoot.pythonSupervisor().resolve("usr/lib/python3/dist-packages").toString());
    pb.redirectErrorStream(true);
    Process python = pb.start();
    python.getOutputStream().close();
    byte[] expected = python.getInputStream().readAllBytes();
    if (!python.waitFor(60, TimeUnit.SECONDS)) {
      python.destroyForcibly();
      fail("Python's supervisorctl " + option + " did not exit");
    }

    // The same program path as Python's sys.argv[0], so the texts must be equal as they are.
    var out = new ByteArrayOutputStream();
    var sink = new PrintStream(out, true, StandardCharsets.UTF_8);
    int status = SupervisorctlMain.run(new String[] {option}, new ByteArrayInputStream(new byte[0]), sink, sink,
        new SupervisorctlMain.Environment(script.toString(), Path.of("").toAbsolutePath(), null,
            new Interrupts(() -> { }), s -> { }));

    assertEquals(new String(expected, StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
    assertEquals(python.exitValue(), status);
  }
}
