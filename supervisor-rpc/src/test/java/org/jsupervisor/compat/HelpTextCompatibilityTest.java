package org.jsupervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jsupervisor.daemon.DaemonCommandLine;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code supervisord -h} prints what Python's supervisord prints, byte for byte, and exits as it does. */
class HelpTextCompatibilityTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"-h", "-?", "--help", "--he", "-nh"})
  void helpIsSupervisordsOwnText(String option) throws Exception {
    var python = new PythonSupervisor();
    Path script = python.root.resolve("usr/bin/supervisord");
    PythonSupervisor.Result expected = python.run(dir, List.of(script.toString(), option));

    // The same program path as Python's sys.argv[0], so the texts must be equal as they are.
    var out = new ByteArrayOutputStream();
    var sink = new PrintStream(out, true, StandardCharsets.UTF_8);
    int status = DaemonCommandLine.parse(script.toString(), new String[] {option}).print(sink, sink);

    assertEquals(expected.output(), out.toString(StandardCharsets.UTF_8));
    assertEquals(expected.status(), status);
  }
}
