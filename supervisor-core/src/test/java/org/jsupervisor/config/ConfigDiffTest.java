package org.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDiffTest {
  @TempDir Path dir;

  private Config load(String programs) throws Exception {
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, "[supervisord]\nlogfile=%(here)s/s.log\npidfile=%(here)s/s.pid\n"
        + programs);
    return ConfigLoader.load(conf, Map.of("PATH", "/bin"), "host");
  }

  @Test
  void reportsAddedChangedAndRemovedGroupsByName() throws Exception {
    Config before = load("""
        [program:keep]
        command=/bin/sleep 1
        [program:edit]
        command=/bin/sleep 1
        [program:gone]
        command=/bin/sleep 1
        """);
    Config after = load("""
        [program:keep]
        command=/bin/sleep 1
        [program:edit]
        command=/bin/sleep 2
        [program:new]
        command=/bin/sleep 1
        """);
    var diff = ConfigDiff.between(before.groups(), after.groups());
    assertEquals(List.of("new"), diff.added());
    assertEquals(List.of("edit"), diff.changed());
    assertEquals(List.of("gone"), diff.removed());
  }

  @Test
  void anUnchangedFileParsedTwiceIsNoChangeEvenWithAutoLogs() throws Exception {
    String programs = "[program:a]\ncommand=/bin/true\nstdout_logfile=AUTO\n"
        + "[group:g]\nprograms=b\n[program:b]\ncommand=/bin/true\n";
    assertTrue(ConfigDiff.between(load(programs).groups(), load(programs).groups()).isEmpty());
  }

  @Test
  void groupMembershipIsAChangeOfTheGroup() throws Exception {
    Config before = load("[group:g]\nprograms=a\n[program:a]\ncommand=/bin/true\n"
        + "[program:b]\ncommand=/bin/true\n");
    Config after = load("[group:g]\nprograms=a,b\n[program:a]\ncommand=/bin/true\n"
        + "[program:b]\ncommand=/bin/true\n");
    var diff = ConfigDiff.between(before.groups(), after.groups());
    assertEquals(List.of("g"), diff.changed());
    assertEquals(List.of(), diff.added());
    assertEquals(List.of("b"), diff.removed(), "b no longer has a group of its own");
  }
}
