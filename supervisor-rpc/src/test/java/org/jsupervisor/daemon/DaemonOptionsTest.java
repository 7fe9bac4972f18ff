package org.jsupervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jsupervisor.config.LogLevel;
import org.jsupervisor.config.SupervisordConfig;
import org.jsupervisor.config.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonOptionsTest {
  @TempDir Path tmp;

  private static final UserId CONFIG_USER = new UserId("config", 1000, 1000);
  private static final UserLookup FAKE_USERS = v -> {
    if (v.equals("web") || v.equals("33")) {
      return new UserId("web", 33, 33);
    }
    throw new UsageException("Invalid user name " + v);
  };

  private static SupervisordConfig fromFile(boolean flags) {
    return new SupervisordConfig("/var/log/supervisord.log", 50L << 20, 10, LogLevel.INFO,
        "/run/supervisord.pid", 022, flags, flags, 1024, 200, flags, "/tmp",
        Optional.of(CONFIG_USER), Optional.of("/srv"), flags, Map.of("A", "1"), "supervisor");
  }

  private SupervisordConfig apply(SupervisordConfig config, String... args) throws UsageException {
    var outcome = DaemonCommandLine.parse("supervisord", args);
    return assertInstanceOf(DaemonCommandLine.Run.class, outcome, outcome.toString())
        .options().applyTo(config, FAKE_USERS);
  }

  @Test
  void noOptionsKeepsTheConfigAsIs() throws UsageException {
    assertEquals(fromFile(false), apply(fromFile(false)));
    assertEquals(fromFile(true), apply(fromFile(true)));
  }

  @Test
  void everyValueOptionTakesPrecedenceOverTheConfigFile() throws UsageException {
    String dir = tmp.toString();
    var applied = apply(fromFile(false),
        "-l", dir + "/main.log", "-y", "1KB", "-z", "2", "-e", "blather", "-j", dir + "/d.pid",
        "-m", "077", "-a", "4096", "--minprocs=300", "-q", dir, "-u", "web", "-d", dir,
        "-i", "prod");
    assertEquals(new SupervisordConfig(dir + "/main.log", 1024, 2, LogLevel.BLATHER,
        dir + "/d.pid", 077, false, false, 4096, 300, false, dir,
        Optional.of(new UserId("web", 33, 33)), Optional.of(dir), false, Map.of("A", "1"),
        "prod"), applied);
  }

  @Test
  void flagsOnlyTurnSettingsOn() throws UsageException {
    var on = apply(fromFile(false), "-n", "-s", "-k", "-t");
    assertTrue(on.nodaemon() && on.silent() && on.nocleanup() && on.stripAnsi());
    assertEquals(fromFile(true), apply(fromFile(true)), "no flag cannot turn a setting off");
  }

  @Test
  void relativeLogfileAndPidfileBecomeAbsoluteButSyslogStaysAWord() throws UsageException {
    var applied = apply(fromFile(false), "-l", "main.log", "-j", "./src/../d.pid");
    String cwd = Path.of("").toAbsolutePath().toString();
    assertEquals(cwd + "/main.log", applied.logfile());
    assertEquals(cwd + "/d.pid", applied.pidfile());
    assertEquals("syslog", apply(fromFile(false), "-l", "syslog").logfile());
  }

  @Test
  void emptyLogfileOrPidfileLeavesTheConfigValueAsSupervisordDoes() throws UsageException {
    var applied = apply(fromFile(false), "--logfile=", "--pidfile=");
    assertEquals("/var/log/supervisord.log", applied.logfile());
    assertEquals("/run/supervisord.pid", applied.pidfile());
  }

  @Test
  void profileOptionsAreAcceptedAndNotedAsIgnored() {
    var outcome = DaemonCommandLine.parse("supervisord", new String[] {"--profile_options=calls"});
    var options = assertInstanceOf(DaemonCommandLine.Run.class, outcome).options();
    assertEquals(java.util.List.of(new org.jsupervisor.config.ConfigMessage(LogLevel.WARN,
        "--profile_options calls ignored: this supervisord has no profiler")), options.notes());
    assertEquals(java.util.List.of(), DaemonOptions.none().notes());
  }

  @Test
  void unknownUserIsAUsageError() {
    var e = assertThrows(UsageException.class, () -> apply(fromFile(false), "-u", "nobody-here"));
    assertEquals("Invalid user name nobody-here", e.getMessage());
  }

  @Test
  void systemLookupResolvesNamesAndUidsAsSupervisord() throws UsageException {
    UserLookup users = UserLookup.system();
    assertEquals(0, users.resolve("root").uid());
    assertEquals("root", users.resolve("0").name());
    assertEquals(0, users.resolve("0").gid());
    assertEquals("Invalid user name no-such-user-xyz",
        assertThrows(UsageException.class, () -> users.resolve("no-such-user-xyz")).getMessage());
    assertEquals("Invalid user id 987654",
        assertThrows(UsageException.class, () -> users.resolve("987654")).getMessage());
  }

  @Test
  void usageExceptionPrintsLikeAnyUsageError() {
    var error = new DaemonCommandLine.UsageError("supervisord", "Invalid user name x");
    assertEquals("Error: Invalid user name x\nFor help, use supervisord -h\n", error.text());
    assertSame(2, DaemonCommandLine.UsageError.EXIT_STATUS);
  }
}
