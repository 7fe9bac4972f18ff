package org.jsupervisor.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jsupervisor.config.LogLevel;
import org.jsupervisor.config.SupervisordConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoChildLogsTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private SupervisordConfig config(boolean nocleanup) {
    return new SupervisordConfig("x.log", 0, 0, LogLevel.INFO, "x.pid", 022, true, false, 1024,
        200, nocleanup, dir.toString(), Optional.empty(), Optional.empty(), false, Map.of(),
        "supervisor");
  }

  @Test
  void createsAnEmptyFileNamedAsSupervisordWithMode0600() throws IOException {
    Path a = AutoChildLogs.create(dir, "nums_03", Channel.STDOUT, "supervisor");
    Path b = AutoChildLogs.create(dir, "nums_03", Channel.STDOUT, "supervisor");
    assertTrue(a.getFileName().toString().matches("nums_03-stdout---supervisor-[a-z0-9_]{8}\\.log"),
        a.toString());
    assertNotEquals(a, b);
    assertEquals(0, Files.size(a));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a)));
  }

  @Test
  void startupCleanupDeletesThisIdentifiersLogsAndBackupsOnly() throws IOException {
    for (String name : List.of(
        "web-stdout---supervisor-abcd_123.log",
        "web-stdout---supervisor-abcd_123.log.1",
        "web-stdout---supervisor-abcd_123.log.10",
        "web-stderr---other-abcd_123.log",
        "web-stderr---other-abcd_123.log.1",
        "web.log",
        "supervisord.log")) {
      Files.createFile(dir.resolve(name));
    }
    Path fresh = AutoChildLogs.create(dir, "db", Channel.STDERR, "supervisor");

    assertEquals(0, AutoChildLogs.cleanupAtStartup(config(true)), "nocleanup keeps everything");
    assertEquals(7 + 1, names().size());

    assertEquals(4, AutoChildLogs.cleanupAtStartup(config(false)));
    assertEquals(List.of("supervisord.log", "web-stderr---other-abcd_123.log",
        "web-stderr---other-abcd_123.log.1", "web.log"), names());
    assertTrue(Files.notExists(fresh));
  }

  @Test
  void aMissingChildlogdirIsOnlyAWarning() {
    var missing = new SupervisordConfig("x.log", 0, 0, LogLevel.INFO, "x.pid", 022, true, false,
        1024, 200, false, dir.resolve("gone").toString(), Optional.empty(), Optional.empty(),
        false, Map.of(), "supervisor");
    assertEquals(0, AutoChildLogs.cleanupAtStartup(missing));
  }
}
