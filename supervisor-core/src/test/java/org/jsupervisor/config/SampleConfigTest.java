package org.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleConfigTest {
  @TempDir Path dir;

  @Test void mainPrintsTheSample() {
    PrintStream original = System.out;
    var out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      SampleConfig.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    assertEquals(SampleConfig.text(), out.toString(StandardCharsets.UTF_8));
  }

  @Test void sampleLoads() throws Exception {
    Path file = dir.resolve("supervisord.conf");
    Files.writeString(file, SampleConfig.text());
    Config c = ConfigLoader.load(file, new LoadEnvironment(TestConfigs.ENV, TestConfigs.HOST, dir));
    assertEquals("/tmp/supervisord.log", c.supervisord().logfile());
    assertEquals("/tmp/supervisor.sock", c.unixHttpServers().get(0).file());
    assertEquals("unix:///tmp/supervisor.sock", c.supervisorctl().orElseThrow().serverurl());
    assertEquals(List.of(new RpcInterfaceConfig("supervisor", RpcInterfaceConfig.STANDARD_FACTORY, java.util.Map.of())),
        c.rpcInterfaces());
    assertEquals(List.of(), c.groups());
    assertEquals(Optional.of("supervisor"), Optional.of(c.supervisord().identifier()));
  }

  @Test void sampleMentionsEveryOption() {
    String text = SampleConfig.text();
    for (String option : List.of("logfile", "logfile_maxbytes", "logfile_backups", "loglevel", "pidfile", "umask",
        "nodaemon", "silent", "minfds", "minprocs", "nocleanup", "childlogdir", "user", "directory", "strip_ansi",
        "environment", "identifier", "file", "chmod", "chown", "username", "password", "port", "serverurl", "prompt",
        "history_file", "command", "process_name", "numprocs", "numprocs_start", "priority", "autostart", "startsecs",
        "startretries", "autorestart", "exitcodes", "stopsignal", "stopwaitsecs", "stopasgroup", "killasgroup",
        "redirect_stderr", "stdout_logfile", "stdout_logfile_maxbytes", "stdout_logfile_backups",
        "stdout_capture_maxbytes", "stdout_events_enabled", "stdout_syslog", "stderr_logfile",
        "stderr_logfile_maxbytes", "stderr_logfile_backups", "stderr_capture_maxbytes", "stderr_events_enabled",
        "stderr_syslog", "events", "buffer_size", "result_handler", "socket", "socket_backlog", "socket_owner",
        "socket_mode", "programs", "files")) {
      assertTrue(text.contains("\n" + option + "=") || text.contains("\n;" + option + "=")
          || text.contains("\n" + option + " =") || text.contains("\n;" + option + " ="), "sample lacks " + option);
    }
  }
}
