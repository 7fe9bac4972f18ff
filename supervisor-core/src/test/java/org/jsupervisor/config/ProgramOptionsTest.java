package org.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jsupervisor.process.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every [program:x] option: its default, a parsed value, and its error. */
class ProgramOptionsTest {
  @TempDir Path dir;

  private ProcessConfig process(String options) throws ConfigException {
    var t = new TestConfigs(dir);
    return TestConfigs.onlyProcess(t.load(t.withSupervisord("[program:web]\ncommand=/bin/cat\n" + options)));
  }

  static Stream<Arguments> options() {
    return Stream.of(
        Arguments.of("priority", "5", 999, 5, (Function<ProcessConfig, Object>) ProcessConfig::priority),
        Arguments.of("autostart", "false", true, false, (Function<ProcessConfig, Object>) ProcessConfig::autostart),
        Arguments.of("startsecs", "-5", 1, -5, (Function<ProcessConfig, Object>) ProcessConfig::startsecs),
        Arguments.of("startretries", "0", 3, 0, (Function<ProcessConfig, Object>) ProcessConfig::startretries),
        Arguments.of("autorestart", "true", AutoRestart.UNEXPECTED, AutoRestart.ALWAYS,
            (Function<ProcessConfig, Object>) ProcessConfig::autorestart),
        Arguments.of("exitcodes", "0,2", List.of(0), List.of(0, 2), (Function<ProcessConfig, Object>) ProcessConfig::exitcodes),
        Arguments.of("exitcodes", "", List.of(0), List.of(), (Function<ProcessConfig, Object>) ProcessConfig::exitcodes),
        Arguments.of("stopsignal", "quit", Signal.TERM, Signal.of(3), (Function<ProcessConfig, Object>) ProcessConfig::stopsignal),
        Arguments.of("stopwaitsecs", "3", 10, 3, (Function<ProcessConfig, Object>) ProcessConfig::stopwaitsecs),
        Arguments.of("stopasgroup", "true", false, true, (Function<ProcessConfig, Object>) ProcessConfig::stopasgroup),
        Arguments.of("stopasgroup", "true", false, true, (Function<ProcessConfig, Object>) ProcessConfig::killasgroup),
        Arguments.of("killasgroup", "true", false, true, (Function<ProcessConfig, Object>) ProcessConfig::killasgroup),
        Arguments.of("user", "root", Optional.empty(), Optional.of(new UserId("root", 0, 0)),
            (Function<ProcessConfig, Object>) ProcessConfig::user),
        Arguments.of("redirect_stderr", "true", false, true, (Function<ProcessConfig, Object>) ProcessConfig::redirectStderr),
        Arguments.of("stdout_logfile", "/tmp/out.log", LogFile.AUTO, new LogFile.Path("/tmp/out.log"),
            (Function<ProcessConfig, Object>) p -> p.stdout().file()),
        Arguments.of("stdout_logfile", "NONE", LogFile.AUTO, LogFile.NONE, (Function<ProcessConfig, Object>) p -> p.stdout().file()),
        Arguments.of("stdout_logfile", "off", LogFile.AUTO, LogFile.NONE, (Function<ProcessConfig, Object>) p -> p.stdout().file()),
        Arguments.of("stderr_logfile", "err.log", LogFile.AUTO, new LogFile.Path("err.log"),
            (Function<ProcessConfig, Object>) p -> p.stderr().file()),
        Arguments.of("stdout_logfile_maxbytes", "1KB", 52428800L, 1024L, (Function<ProcessConfig, Object>) p -> p.stdout().maxBytes()),
        Arguments.of("stderr_logfile_maxbytes", "0", 52428800L, 0L, (Function<ProcessConfig, Object>) p -> p.stderr().maxBytes()),
        Arguments.of("stdout_logfile_backups", "2", 10, 2, (Function<ProcessConfig, Object>) p -> p.stdout().backups()),
        Arguments.of("stderr_logfile_backups", "0", 10, 0, (Function<ProcessConfig, Object>) p -> p.stderr().backups()),
        Arguments.of("stdout_capture_maxbytes", "1MB", 0L, 1048576L, (Function<ProcessConfig, Object>) p -> p.stdout().captureMaxBytes()),
        Arguments.of("stderr_capture_maxbytes", "1KB", 0L, 1024L, (Function<ProcessConfig, Object>) p -> p.stderr().captureMaxBytes()),
        Arguments.of("stdout_events_enabled", "true", false, true, (Function<ProcessConfig, Object>) p -> p.stdout().eventsEnabled()),
        Arguments.of("stderr_events_enabled", "1", false, true, (Function<ProcessConfig, Object>) p -> p.stderr().eventsEnabled()),
        Arguments.of("stdout_syslog", "true", false, true, (Function<ProcessConfig, Object>) p -> p.stdout().syslog()),
        Arguments.of("stderr_syslog", "yes", false, true, (Function<ProcessConfig, Object>) p -> p.stderr().syslog()),
        Arguments.of("environment", "A=1,B=\"x y\"", Map.of(), Map.of("A", "1", "B", "x y"),
            (Function<ProcessConfig, Object>) ProcessConfig::environment),
        Arguments.of("directory", "/nonexistent", Optional.empty(), Optional.of("/nonexistent"),
            (Function<ProcessConfig, Object>) ProcessConfig::directory),
        Arguments.of("umask", "002", OptionalInt.empty(), OptionalInt.of(2), (Function<ProcessConfig, Object>) ProcessConfig::umask),
        Arguments.of("serverurl", "http://h:1", Optional.empty(), Optional.of("http://h:1"),
            (Function<ProcessConfig, Object>) ProcessConfig::serverurl),
        Arguments.of("serverurl", "auto", Optional.empty(), Optional.empty(), (Function<ProcessConfig, Object>) ProcessConfig::serverurl),
        Arguments.of("serverurl", " Auto ", Optional.empty(), Optional.empty(), (Function<ProcessConfig, Object>) ProcessConfig::serverurl),
        // Set but empty is kept: supervisord then passes no SUPERVISOR_SERVER_URL at all.
        Arguments.of("serverurl", "", Optional.empty(), Optional.of(""), (Function<ProcessConfig, Object>) ProcessConfig::serverurl),
        Arguments.of("process_name", "w", "web", "w", (Function<ProcessConfig, Object>) ProcessConfig::name),
        Arguments.of("numprocs_start", "4", 0, 4, (Function<ProcessConfig, Object>) ProcessConfig::processNum));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("options")
  void optionDefaultAndValue(String option, String value, Object dflt, Object expected,
      Function<ProcessConfig, Object> getter) throws Exception {
    assertEquals(dflt, getter.apply(process("")), "default");
    assertEquals(expected, getter.apply(process(option + "=" + value + "\n")), "parsed");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "priority|high|not an integer: 'high'",
      "autostart|maybe|not a valid boolean value: 'maybe'",
      "startsecs|ten|not an integer: 'ten'",
      "startretries|x|not an integer: 'x'",
      "autorestart|sometimes|invalid 'autorestart' value 'sometimes'",
      "exitcodes|0,300|not a valid list of exit codes: '0,300'",
      "stopsignal|BOGUS|value 'BOGUS' is not a valid signal name",
      "stopwaitsecs|1.5|not an integer: '1.5'",
      "stopasgroup|2|not a valid boolean value: '2'",
      "killasgroup|no way|not a valid boolean value: 'no way'",
      "user|no_such_user_x|Invalid user name no_such_user_x",
      "redirect_stderr|perhaps|not a valid boolean value: 'perhaps'",
      "stdout_logfile|/nonexistent/out.log|The directory named as part of the path /nonexistent/out.log does not exist",
      "stderr_logfile|/nonexistent/err.log|The directory named as part of the path /nonexistent/err.log does not exist",
      "stdout_logfile_maxbytes|1k|not a byte size: '1k'",
      "stderr_logfile_maxbytes|big|not a byte size: 'big'",
      "stdout_logfile_backups|many|not an integer: 'many'",
      "stderr_logfile_backups|-|not an integer: '-'",
      "stdout_capture_maxbytes|1.5MB|not a byte size: '1.5MB'",
      "stderr_capture_maxbytes|x|not a byte size: 'x'",
      "stdout_events_enabled|sure|not a valid boolean value: 'sure'",
      "stderr_events_enabled|sure|not a valid boolean value: 'sure'",
      "stdout_syslog|sure|not a valid boolean value: 'sure'",
      "stderr_syslog|sure|not a valid boolean value: 'sure'",
      "environment|A=1 B=2|Unexpected end of key/value pairs in value 'A=1 B=2'",
      "umask|9|9 can not be converted to an octal type",
      "numprocs|two|not an integer: 'two'",
      "numprocs_start|x|not an integer: 'x'",
      "process_name|a b|Invalid name: 'a b' because of character: ' '",
  })
  void optionError(String option, String value, String message) {
    var t = new TestConfigs(dir);
    assertEquals(List.of("supervisord.conf:6: [program:web] " + option + ": " + message),
        t.problems(t.withSupervisord("[program:web]\ncommand=/bin/cat\n" + option + "=" + value + "\n")));
  }

  @Test void redirectStderrDropsTheStderrFileWithAWarning() throws Exception {
    var t = new TestConfigs(dir);
    Config c = t.load(t.withSupervisord("[program:web]\ncommand=c\nredirect_stderr=true\nstderr_logfile=/tmp/e.log\n"));
    assertEquals(LogFile.NONE, TestConfigs.onlyProcess(c).stderr().file());
    assertEquals(List.of(new ConfigMessage(LogLevel.WARN, "For [program:web], redirect_stderr=true but stderr_logfile"
        + " has also been set to a filename, the filename has been ignored")), c.messages());
  }

  @Test void syslogLogfileIsDeprecatedAlias() throws Exception {
    var t = new TestConfigs(dir);
    Config c = t.load(t.withSupervisord("[program:web]\ncommand=c\nstdout_logfile=syslog\n"));
    assertEquals(new StreamLogConfig(LogFile.NONE, 52428800, 10, 0, false, true), TestConfigs.onlyProcess(c).stdout());
    assertEquals(List.of(new ConfigMessage(LogLevel.WARN, "For [program:web], stdout_logfile=syslog but this is"
        + " deprecated and will be removed.  Use stdout_syslog=true to enable syslog instead.")), c.messages());
  }

  @Test void autoLogWithoutRolloverWarns() throws Exception {
    var t = new TestConfigs(dir);
    Config c = t.load(t.withSupervisord("[program:web]\ncommand=c\nstdout_logfile_maxbytes=0\n"));
    assertEquals(List.of(new ConfigMessage(LogLevel.WARN, "For [program:web], AUTO logging used for stdout_logfile"
        + " without rollover, set maxbytes > 0 to avoid filling up filesystem unintentionally")), c.messages());
  }

  @Test void stopasgroupWithoutKillasgroupIsRefused() {
    var t = new TestConfigs(dir);
    assertEquals(List.of("supervisord.conf:7: [program:web] killasgroup: Cannot set stopasgroup=true and killasgroup=false"),
        t.problems(t.withSupervisord("[program:web]\ncommand=c\nstopasgroup=true\nkillasgroup=false\n")));
  }

  @Test void missingCommand() {
    var t = new TestConfigs(dir);
    assertEquals(List.of("supervisord.conf:4: [program:web] command: program section program:web does not specify a command"),
        t.problems(t.withSupervisord("[program:web]\n")));
  }

  @Test void numprocsNeedsProcessNum() {
    var t = new TestConfigs(dir);
    assertEquals(List.of("supervisord.conf:6: [program:web] numprocs: %(process_num) must be present within"
        + " process_name when numprocs > 1"), t.problems(t.withSupervisord("[program:web]\ncommand=c\nnumprocs=2\n")));
  }

  @Test void numprocsExpandsEachProcess() throws Exception {
    var t = new TestConfigs(dir);
    Config c = t.load(t.withSupervisord("[program:foo]\ncommand=run %(process_num)d of %(numprocs)d\nnumprocs=3\n"
        + "process_name=%(program_name)s_%(process_num)02d\nstdout_logfile=/tmp/%(process_num)s.log\n"));
    GroupConfig g = c.group("foo").orElseThrow();
    assertEquals(List.of("foo_00", "foo_01", "foo_02"), g.processes().stream().map(ProcessConfig::name).toList());
    assertEquals("run 2 of 3", g.processes().get(2).command());
    assertEquals(new LogFile.Path("/tmp/1.log"), g.processes().get(1).stdout().file());
  }

  @Test void numprocsZeroIsAnEmptyGroup() throws Exception {
    var t = new TestConfigs(dir);
    assertEquals(List.of(), t.load(t.withSupervisord("[program:foo]\ncommand=c\nnumprocs=0\n")).groups().get(0).processes());
  }
}
