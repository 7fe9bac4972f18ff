package org.jsupervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jsupervisor.config.LogLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DaemonCommandLineTest {
  @TempDir static Path tmp;
  static String dir;

  @BeforeAll
  static void setUp() {
    dir = tmp.toString();
  }

  private static DaemonOptions run(String... args) {
    var outcome = DaemonCommandLine.parse("supervisord", args);
    return assertInstanceOf(DaemonCommandLine.Run.class, outcome, outcome.toString()).options();
  }

  private static String error(String... args) {
    var outcome = DaemonCommandLine.parse("supervisord", args);
    return assertInstanceOf(DaemonCommandLine.UsageError.class, outcome, outcome.toString())
        .message();
  }

  private static Arguments form(Function<DaemonOptions, Object> get, Object expected, String... args) {
    return Arguments.of("[" + String.join(" ", args) + "]", args, get, expected);
  }

  static Stream<Arguments> everyOptionForm() {
    String log = dir + "/main.log";
    String pid = dir + "/d.pid";
    return Stream.of(
        form(DaemonOptions::configuration, Optional.of("x.conf"), "-c", "x.conf"),
        form(DaemonOptions::configuration, Optional.of("x.conf"), "-cx.conf"),
        form(DaemonOptions::configuration, Optional.of("x.conf"), "--configuration=x.conf"),
        form(DaemonOptions::configuration, Optional.of("x.conf"), "--configuration", "x.conf"),
        form(DaemonOptions::configuration, Optional.of("x.conf"), "--conf=x.conf"),
        form(DaemonOptions::configuration, Optional.of("=a"), "--configuration==a"),
        form(DaemonOptions::nodaemon, true, "-n"),
        form(DaemonOptions::nodaemon, true, "--nodaemon"),
        form(DaemonOptions::nodaemon, true, "--nod"),
        form(DaemonOptions::nodaemon, false, "-k"),
        form(DaemonOptions::silent, true, "-s"),
        form(DaemonOptions::silent, true, "--silent"),
        form(DaemonOptions::user, Optional.of("nobody"), "-u", "nobody"),
        form(DaemonOptions::user, Optional.of("0"), "--user=0"),
        form(DaemonOptions::umask, Optional.of(077), "-m", "077"),
        form(DaemonOptions::umask, Optional.of(022), "--umask=0o22"),
        form(DaemonOptions::umask, Optional.of(02), "-m2"),
        form(DaemonOptions::directory, Optional.of(dir), "-d", dir),
        form(DaemonOptions::directory, Optional.of(dir), "--directory=" + dir),
        form(DaemonOptions::logfile, Optional.of(log), "-l", log),
        form(DaemonOptions::logfile, Optional.of(log), "-l" + log),
        form(DaemonOptions::logfile, Optional.of(log), "--logfile", log),
        form(DaemonOptions::logfile, Optional.of("syslog"), "--logfile=syslog"),
        form(DaemonOptions::logfile, Optional.of("plain.log"), "-l", "plain.log"),
        form(DaemonOptions::logfile, Optional.of("/x.log"), "-l", "/x.log"),
        form(DaemonOptions::logfileMaxBytes, Optional.of(1024L), "-y", "1KB"),
        form(DaemonOptions::logfileMaxBytes, Optional.of(1024L), "-y", "1 kb"),
        form(DaemonOptions::logfileMaxBytes, Optional.of(10L << 20), "--logfile_maxbytes=10mb"),
        form(DaemonOptions::logfileMaxBytes, Optional.of(2L << 30), "--logfile_max", "2GB"),
        form(DaemonOptions::logfileMaxBytes, Optional.of(0L), "-y0"),
        form(DaemonOptions::logfileBackups, Optional.of(3), "-z", "3"),
        form(DaemonOptions::logfileBackups, Optional.of(0), "--logfile_backups=0"),
        form(DaemonOptions::logfileBackups, Optional.of(-1), "-z", " -1 "),
        form(DaemonOptions::loglevel, Optional.of(LogLevel.DEBUG), "-e", "DEBUG"),
        form(DaemonOptions::loglevel, Optional.of(LogLevel.BLATHER), "--loglevel=blather"),
        form(DaemonOptions::loglevel, Optional.of(LogLevel.CRITICAL), "-ecritical"),
        form(DaemonOptions::pidfile, Optional.of(pid), "-j", pid),
        form(DaemonOptions::pidfile, Optional.of(pid), "--pidfile=" + pid),
        form(DaemonOptions::identifier, Optional.of("prod"), "-i", "prod"),
        form(DaemonOptions::identifier, Optional.of(""), "--identifier="),
        form(DaemonOptions::childlogdir, Optional.of(dir), "-q", dir),
        form(DaemonOptions::childlogdir, Optional.of(dir), "--childlogdir", dir),
        form(DaemonOptions::nocleanup, true, "-k"),
        form(DaemonOptions::nocleanup, true, "--nocleanup"),
        form(DaemonOptions::minfds, Optional.of(4096), "-a", "4096"),
        form(DaemonOptions::minfds, Optional.of(1000), "--minfds=1_000"),
        form(DaemonOptions::minprocs, Optional.of(300), "--minprocs", "300"),
        form(DaemonOptions::stripAnsi, true, "-t"),
        form(DaemonOptions::stripAnsi, true, "--strip_ansi"),
        form(DaemonOptions::profileOptions, Optional.of("cumulative,callers"),
            "--profile_options=cumulative,callers"),
        // combined flags, with a value-taking option last
        form(o -> o.nodaemon() && o.nocleanup() && o.stripAnsi() && o.silent(), true, "-nkts"),
        form(o -> o.nodaemon() + " " + o.loglevel().orElseThrow(), "true DEBUG", "-nedebug"),
        form(o -> o.nodaemon() + " " + o.identifier().orElseThrow(), "true x", "-ni", "x"),
        form(o -> o, DaemonOptions.none()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void everyOptionForm(String name, String[] args, Function<DaemonOptions, Object> get, Object expected) {
    assertEquals(expected, get.apply(run(args)));
  }

  /** Every text below was checked against Python supervisord 4.2.5. */
  static Stream<Arguments> usageErrors() {
    return Stream.of(
        Arguments.of(new String[] {"-l", "/nonexistent/x.log"},
            "invalid value for -l '/nonexistent/x.log': The directory named as part of the path /nonexistent/x.log does not exist"),
        Arguments.of(new String[] {"--logfile=/nonexistent/x"},
            "invalid value for --logfile '/nonexistent/x': The directory named as part of the path /nonexistent/x does not exist"),
        Arguments.of(new String[] {"-j", "/nonexistent/p"},
            "invalid value for -j '/nonexistent/p': The directory named as part of the path /nonexistent/p does not exist"),
        Arguments.of(new String[] {"-d", "/nonexistent"},
            "invalid value for -d '/nonexistent': /nonexistent is not an existing directory"),
        Arguments.of(new String[] {"--childlogdir", "/nonexistent"},
            "invalid value for --childlogdir '/nonexistent': /nonexistent is not an existing directory"),
        Arguments.of(new String[] {"-y", "10XB"},
            "invalid value for -y '10XB': invalid literal for int() with base 10: '10xb'"),
        Arguments.of(new String[] {"-y", "1.5MB"},
            "invalid value for -y '1.5MB': invalid literal for int() with base 10: '1.5'"),
        Arguments.of(new String[] {"-z", "ten"},
            "invalid value for -z 'ten': invalid literal for int() with base 10: 'ten'"),
        Arguments.of(new String[] {"-z", "1__0"},
            "invalid value for -z '1__0': invalid literal for int() with base 10: '1__0'"),
        Arguments.of(new String[] {"-a", "x"},
            "invalid value for -a 'x': invalid literal for int() with base 10: 'x'"),
        Arguments.of(new String[] {"--minprocs=x"},
            "invalid value for --minprocs 'x': invalid literal for int() with base 10: 'x'"),
        Arguments.of(new String[] {"-m", "8"},
            "invalid value for -m '8': 8 can not be converted to an octal type"),
        Arguments.of(new String[] {"-m", "0o8"},
            "invalid value for -m '0o8': 0o8 can not be converted to an octal type"),
        Arguments.of(new String[] {"-e", "loud"},
            "invalid value for -e 'loud': bad logging level name 'loud'"),
        Arguments.of(new String[] {"-e", "it's"},
            "invalid value for -e \"it's\": bad logging level name \"it's\""),
        Arguments.of(new String[] {"-n", "-n"}, "conflicting command line option '-n'"),
        Arguments.of(new String[] {"-nn"}, "conflicting command line option '-n'"),
        Arguments.of(new String[] {"-n", "--nodaemon"}, "conflicting command line option '--nodaemon'"),
        Arguments.of(new String[] {"--nod", "--nodaemon"}, "conflicting command line option '--nodaemon'"),
        Arguments.of(new String[] {"-c", "a", "-c", "b"}, "conflicting command line option '-c'"),
        Arguments.of(new String[] {"-n", "-n", "-h"}, "conflicting command line option '-n'"),
        Arguments.of(new String[] {"-z", "x", "-z", "1"},
            "invalid value for -z 'x': invalid literal for int() with base 10: 'x'"),
        Arguments.of(new String[] {"--bogus"}, "option --bogus not recognized"),
        Arguments.of(new String[] {"--bogus", "foo"}, "option --bogus not recognized"),
        Arguments.of(new String[] {"-x"}, "option -x not recognized"),
        Arguments.of(new String[] {"-nx"}, "option -x not recognized"),
        Arguments.of(new String[] {"-:"}, "option -: not recognized"),
        Arguments.of(new String[] {"-l"}, "option -l requires argument"),
        Arguments.of(new String[] {"-i"}, "option -i requires argument"),
        Arguments.of(new String[] {"--logfile"}, "option --logfile requires argument"),
        Arguments.of(new String[] {"--nodaemon=1"}, "option --nodaemon must not have an argument"),
        Arguments.of(new String[] {"--logfile_"}, "option --logfile_ not a unique prefix"),
        Arguments.of(new String[] {"--=x"}, "option -- not a unique prefix"),
        Arguments.of(new String[] {"foo"}, "positional arguments are not supported: ['foo']"),
        Arguments.of(new String[] {"-n", "foo", "-k"},
            "positional arguments are not supported: ['foo', '-k']"),
        Arguments.of(new String[] {"--", "-n"}, "positional arguments are not supported: ['-n']"),
        Arguments.of(new String[] {"-"}, "positional arguments are not supported: ['-']"),
        Arguments.of(new String[] {"-h", "foo"}, "positional arguments are not supported: ['foo']"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource
  void usageErrors(String[] args, String message) {
    assertEquals(message, error(args));
  }

  @Test
  void usageErrorIsPrintedWithHelpHintOnStderrAndExitsTwo() {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int status =
        DaemonCommandLine.parse("/usr/bin/supervisord", new String[] {"--bogus"})
            .print(printer(out), printer(err));
    assertEquals(2, status);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertEquals(
        "Error: option --bogus not recognized\nFor help, use /usr/bin/supervisord -h\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void versionPrintsSupervisordVersionAndExitsZero() {
    for (String v : new String[] {"-v", "--version", "--vers"}) {
      var out = new ByteArrayOutputStream();
      int status = DaemonCommandLine.parse("supervisord", new String[] {v})
          .print(printer(out), printer(new ByteArrayOutputStream()));
      assertEquals(0, status);
      assertEquals("4.2.5\n", out.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void helpListsEveryOptionWithTheProgramName() {
    for (String h : new String[] {"-h", "--help", "-?", "-nh"}) {
      var outcome = DaemonCommandLine.parse("/opt/bin/supervisord", new String[] {h});
      String text = assertInstanceOf(DaemonCommandLine.Exit.class, outcome).stdout();
      assertTrue(text.contains("Usage: /opt/bin/supervisord [options]"), text);
      for (String opt : new String[] {"-c/--configuration", "-n/--nodaemon", "-s/--silent",
          "-h/--help", "-v/--version", "-u/--user", "-m/--umask", "-d/--directory",
          "-l/--logfile", "-y/--logfile_maxbytes", "-z/--logfile_backups", "-e/--loglevel",
          "-j/--pidfile", "-i/--identifier", "-q/--childlogdir", "-k/--nocleanup",
          "-a/--minfds", "-t/--strip_ansi", "--minprocs", "--profile_options"}) {
        assertTrue(text.contains(opt), opt);
      }
    }
  }

  @Test
  void checkConfigIsOursSpelledInFullAndLeavesSupervisordsAbbreviationsAlone() {
    var outcome = DaemonCommandLine.parse("supervisord", new String[] {"--check-config", "-c", "/etc/s.conf"});
    assertEquals(Optional.of("/etc/s.conf"),
        assertInstanceOf(DaemonCommandLine.CheckConfig.class, outcome).options().configuration());
    assertEquals("option --check not recognized", error("--check"));
    assertEquals("option --check-config must not have an argument", error("--check-config=yes"));
    assertEquals("conflicting command line option '--check-config'", error("--check-config", "--check-config"));
    assertEquals(Optional.of(Path.of("/").toString()), run("--ch", "/").childlogdir(),
        "--ch still abbreviates --childlogdir, as in supervisord");
  }

  @Test
  void helpActsWhereItIsReachedSoLaterBadValuesAreNotSeen() {
    assertInstanceOf(DaemonCommandLine.Exit.class,
        DaemonCommandLine.parse("supervisord", new String[] {"-h", "-z", "x"}));
    assertEquals("invalid value for -z 'x': invalid literal for int() with base 10: 'x'",
        error("-z", "x", "-h"));
  }

  @Test
  void tildeIsExpandedInPaths() {
    String home = System.getenv("HOME");
    if (home != null && java.nio.file.Files.isDirectory(Path.of(home))) {
      assertEquals(Optional.of(home), run("-d", "~").directory());
      assertEquals(Optional.of(home + "/x.log"), run("-l", "~/x.log").logfile());
    }
  }

  private static PrintStream printer(ByteArrayOutputStream sink) {
    return new PrintStream(sink, true, StandardCharsets.UTF_8);
  }
}
