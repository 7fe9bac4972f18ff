package org.jsupervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsupervisor.config.LogLevel;
import org.jsupervisor.log.MainLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidfileTest {
  @TempDir Path dir;

  @Test
  void writesPidAndNewlineAndRemovesWhatItWrote() throws IOException {
    Path path = dir.resolve("supervisord.pid");
    Files.writeString(path, "99999\nstale\n");
    var pidfile = new Pidfile(path.toString());
    assertTrue(pidfile.write(4242));
    assertEquals("4242\n", Files.readString(path));
    pidfile.remove();
    assertFalse(Files.exists(path));
  }

  @Test
  void leavesAFileItDidNotWrite() throws IOException {
    Path path = dir.resolve("other.pid");
    Files.writeString(path, "1\n");
    new Pidfile(path.toString()).remove();
    assertEquals("1\n", Files.readString(path));
  }

  @Test
  void failureIsReportedNotThrown() {
    var pidfile = new Pidfile(dir.resolve("missing/dir/s.pid").toString());
    assertFalse(pidfile.write(1));
    pidfile.remove(); // nothing written, nothing to do
  }

  @Test
  void writeAndLogUsesSupervisordsWording() throws IOException {
    var context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    Path log = dir.resolve("main.log");
    var mainLog = MainLog.configure(context,
        new MainLog.Settings(log.toString(), 0, 0, LogLevel.INFO, false));
    var logger = context.getLogger("daemon");
    new Pidfile(dir.resolve("ok.pid").toString()).writeAndLog(7723, logger);
    new Pidfile(dir.resolve("nope/x.pid").toString()).writeAndLog(7723, logger);
    mainLog.close();
    List<String> lines = Files.readAllLines(log).stream().map(l -> l.substring(24)).toList();
    assertEquals(List.of("INFO supervisord started with pid 7723",
        "CRIT could not write pidfile " + dir.resolve("nope/x.pid")), lines);
  }
}
