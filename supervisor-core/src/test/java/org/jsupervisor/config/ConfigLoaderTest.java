package org.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  @TempDir Path dir;
  private TestConfigs t;

  @BeforeEach void setUp() {
    t = new TestConfigs(dir);
  }

  @Test void supervisordDefaults() throws Exception {
    SupervisordConfig s = t.load("[supervisord]\n").supervisord();
    assertEquals(new SupervisordConfig(dir + "/supervisord.log", 52428800, 10, LogLevel.INFO, dir + "/supervisord.pid",
        022, false, false, 1024, 200, false, "/tmp", Optional.empty(), Optional.empty(), false, Map.of(), "supervisor"), s);
  }

  @Test void supervisordOptions() throws Exception {
    SupervisordConfig s = t.load("[supervisord]\nlogfile=syslog\nlogfile_maxbytes=1KB\nlogfile_backups=0\nloglevel=DEBUG\n"
        + "pidfile=./x.pid\numask=077\nnodaemon=true\nsilent=yes\nminfds=10\nminprocs=20\nnocleanup=on\n"
        + "childlogdir=" + dir + "\nuser=root\ndirectory=/\nstrip_ansi=1\nenvironment=A=\"1\",B=%(ENV_GREETING)s\n"
        + "identifier=%(here)s\n").supervisord();
    assertEquals(new SupervisordConfig("syslog", 1024, 0, LogLevel.DEBUG, dir + "/x.pid", 077, true, true, 10, 20, true,
        dir.toString(), Optional.of(new UserId("root", 0, 0)), Optional.of("/"), true, Map.of("A", "1", "B", "hi"),
        dir.toString()), s);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "logfile|/nonexistent/s.log|The directory named as part of the path /nonexistent/s.log does not exist",
      "pidfile|/nonexistent/s.pid|The directory named as part of the path /nonexistent/s.pid does not exist",
      "logfile_maxbytes|x|not a byte size: 'x'",
      "logfile_backups|x|not an integer: 'x'",
      "loglevel|loud|bad logging level name 'loud'",
      "umask|8|8 can not be converted to an octal type",
      "nodaemon|x|not a valid boolean value: 'x'",
      "silent|x|not a valid boolean value: 'x'",
      "minfds|x|not an integer: 'x'",
      "minprocs|x|not an integer: 'x'",
      "nocleanup|x|not a valid boolean value: 'x'",
      "childlogdir|/nonexistent|/nonexistent is not an existing directory",
      "user|no_such_user_x|Invalid user name no_such_user_x",
      "directory|/nonexistent|/nonexistent is not an existing directory",
      "strip_ansi|x|not a valid boolean value: 'x'",
      "environment|A=|Unexpected end of key/value pairs in value 'A='",
      "identifier|%(nope)s|Format string '%(nope)s' for 'supervisord.identifier' contains names ('nope') which cannot be"
          + " expanded. Available names: ENV_GREETING, ENV_HOME, ENV_TMPDIR, here",
  })
  void supervisordErrors(String option, String value, String message) {
    assertEquals(List.of("supervisord.conf:2: [supervisord] " + option + ": " + message),
        t.problems("[supervisord]\n" + option + "=" + value + "\n"));
  }

  @Test void supervisordSectionIsRequired() {
    assertEquals(List.of("supervisord.conf: .ini file does not include supervisord section"), t.problems("[program:x]\ncommand=c\n"));
  }

  @Test void missingFile() {
    var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.conf"), t.host()));
    assertEquals(dir + "/nope.conf: could not find config file " + dir + "/nope.conf", e.getMessage());
  }

  @Test void everyProblemIsReportedInFileOrder() {
    assertEquals(List.of(
        "supervisord.conf:2: [supervisord] nodaemon: not a valid boolean value: 'x'",
        "supervisord.conf:4: [program:a] startsecs: not an integer: 'ten'",
        "supervisord.conf:5: [program:a] Source contains parsing errors: no '=' or ':' in 'junk'",
        "supervisord.conf:7: [program:b] autostart: not a valid boolean value: 'maybe'"),
        t.problems("[supervisord]\nnodaemon=x\n[program:a]\nstartsecs=ten\njunk\n[program:b]\nautostart=maybe\ncommand=c\n"
            + "[program:a]\ncommand=c\n"));
  }

  @Test void servers() throws Exception {
    Config c = t.load(t.withSupervisord("[unix_http_server]\nfile=%(here)s/s.sock\nchmod=0766\nchown=root:root\n"
        + "username=u\npassword={SHA}abc\n[inet_http_server]\nport=*:9001\n[inet_http_server:two]\nport=LocalHost:9002\n"
        + "username=%(ENV_GREETING)s\npassword=p\n"));
    assertEquals(List.of(new UnixHttpServerConfig("unix_http_server", dir + "/s.sock", 0766, OptionalInt.of(0), OptionalInt.of(0),
        Optional.of(new Credentials("u", "{SHA}abc")))), c.unixHttpServers());
    assertEquals(List.of(new InetHttpServerConfig("inet_http_server", "", 9001, Optional.empty()),
        new InetHttpServerConfig("inet_http_server:two", "localhost", 9002, Optional.of(new Credentials("hi", "p")))),
        c.inetHttpServers());
  }

  @Test void unixServerDefaults() throws Exception {
    assertEquals(List.of(new UnixHttpServerConfig("unix_http_server", dir + "/s.sock", 0700, OptionalInt.empty(),
        OptionalInt.empty(), Optional.empty())), t.load(t.withSupervisord("[unix_http_server]\nfile = s.sock \n")).unixHttpServers());
  }

  @Test void serverErrors() {
    assertEquals(List.of(
        "supervisord.conf:3: [inet_http_server] port: section [inet_http_server] has no port value",
        "supervisord.conf:4: [inet_http_server] username: Section [inet_http_server] contains incomplete authentication:"
            + " If a username or a password is specified, both the username and password must be specified",
        "supervisord.conf:6: [inet_http_server:b] port: not a valid port number: '0'",
        "supervisord.conf:7: [unix_http_server] file: section [unix_http_server] has no file value",
        "supervisord.conf:8: [unix_http_server] chmod: Invalid chmod value 999",
        "supervisord.conf:9: [unix_http_server] chown: Invalid sockchown value no_such_user_x"),
        t.problems("[supervisord]\nchildlogdir=/tmp\n[inet_http_server]\nusername=u\n[inet_http_server:b]\nport=0\n"
            + "[unix_http_server]\nchmod=999\nchown=no_such_user_x\n"));
  }

  @Test void rpcInterfaces() throws Exception {
    Config c = t.load(t.withSupervisord("[DEFAULT]\nextra=%(ENV_GREETING)s\n[rpcinterface:supervisor]\n"
        + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\nretries=3\n"));
    assertEquals(List.of(new RpcInterfaceConfig("supervisor", RpcInterfaceConfig.STANDARD_FACTORY,
        Map.of("extra", "hi", "retries", "3"))), c.rpcInterfaces());
  }

  @Test void rpcInterfaceErrors() {
    assertEquals(List.of(
        "supervisord.conf:3: [rpcinterface:a] supervisor.rpcinterface_factory: section [rpcinterface:a] does not specify"
            + " a supervisor.rpcinterface_factory",
        "supervisord.conf:5: [rpcinterface:b] supervisor.rpcinterface_factory: my.module:factory cannot be resolved"
            + " within [rpcinterface:b] (only supervisor.rpcinterface:make_main_rpcinterface is supported)"),
        t.problems("[supervisord]\nchildlogdir=/tmp\n[rpcinterface:a]\n[rpcinterface:b]\n"
            + "supervisor.rpcinterface_factory=my.module:factory\n"));
  }

  @Test void groupsAreSortedByPriorityThenName() throws Exception {
    Config c = t.load(t.withSupervisord("[program:b]\ncommand=c\n[program:a]\ncommand=c\n[program:z]\ncommand=c\npriority=1\n"
        + "[eventlistener:l]\ncommand=c\nevents=TICK_5\n"));
    assertEquals(List.of("l", "z", "a", "b"), c.groups().stream().map(GroupConfig::name).toList());
    assertEquals(List.of(-1, 1, 999, 999), c.groups().stream().map(GroupConfig::priority).toList());
  }

  @Test void heterogeneousGroupTakesItsPrograms() throws Exception {
    Config c = t.load(t.withSupervisord("[group:g]\nprograms=b, a,f\npriority=5\n[program:a]\ncommand=%(group_name)s\npriority=2\n"
        + "[program:b]\ncommand=c\npriority=1\n[fcgi-program:f]\ncommand=c\n[program:solo]\ncommand=c\n"));
    assertEquals(List.of("g", "solo"), c.groups().stream().map(GroupConfig::name).toList());
    GroupConfig g = c.groups().get(0);
    assertEquals(GroupKind.HETEROGENEOUS, g.kind());
    assertEquals(5, g.priority());
    assertEquals(List.of("b", "a", "f"), g.processes().stream().map(ProcessConfig::name).toList());
    assertEquals("g", g.processes().get(1).command());
    assertEquals(Optional.empty(), g.fcgiSocket());
  }

  @Test void groupErrors() {
    assertEquals(List.of(
        "supervisord.conf:4: [group:g] programs: [group:g] names unknown program or fcgi-program nope",
        "supervisord.conf:4: [group:g] programs: [group:g] name x is ambiguous (exists as program and fcgi-program)",
        "supervisord.conf:5: [group:bad name] Invalid name: 'bad name' because of character: ' '",
        "supervisord.conf:6: [program:a/b] Invalid name: 'a/b' because of character: '/'"),
        t.problems("[supervisord]\nchildlogdir=/tmp\n[group:g]\nprograms=nope,x\n[group:bad name]\n[program:a/b]\ncommand=c\n"
            + "[program:x]\ncommand=c\n[fcgi-program:x]\ncommand=c\nsocket=tcp://h:1\n"));
  }

  @Test void eventListener() throws Exception {
    Config c = t.load(t.withSupervisord("[eventlistener:l]\ncommand=c\nevents=process_state, TICK_60,PROCESS_STATE\n"
        + "buffer_size=3\nnumprocs=2\nprocess_name=l%(process_num)d\n"));
    GroupConfig g = c.groups().get(0);
    assertEquals(GroupKind.EVENT_LISTENER, g.kind());
    assertEquals(Optional.of(new EventListenerConfig(List.of("PROCESS_STATE", "TICK_60"), 3,
        EventListenerConfig.DEFAULT_RESULT_HANDLER)), g.listener());
    assertEquals(List.of("l0", "l1"), g.processes().stream().map(ProcessConfig::name).toList());
  }

  @Test void eventListenerErrors() {
    assertEquals(List.of(
        "supervisord.conf:3: [eventlistener:a] events: [eventlistener:a] section requires an \"events\" line",
        "supervisord.conf:6: [eventlistener:b] events: Unknown event type BOGUS in [eventlistener:b] events",
        "supervisord.conf:7: [eventlistener:b] buffer_size: [eventlistener:b] section sets invalid buffer_size (0)",
        "supervisord.conf:8: [eventlistener:b] result_handler: my:handler cannot be resolved within [eventlistener:b]"
            + " (only supervisor.dispatchers:default_handler is supported)",
        "supervisord.conf:9: [eventlistener:b] redirect_stderr: [eventlistener:b] section sets redirect_stderr=true"
            + " but this is not allowed because it will interfere with the eventlistener protocol"),
        t.problems("[supervisord]\nchildlogdir=/tmp\n[eventlistener:a]\ncommand=c\n[eventlistener:b]\nevents=TICK,bogus\n"
            + "buffer_size=0\nresult_handler=my:handler\nredirect_stderr=true\ncommand=c\n"));
  }

  @Test void fcgiPrograms() throws Exception {
    Config c = t.load(t.withSupervisord("[fcgi-program:u]\ncommand=c\nsocket=unix:///tmp/../tmp/%(program_name)s.sock\n"
        + "socket_mode=0666\nsocket_owner=root:root\nsocket_backlog=10\n[fcgi-program:t]\ncommand=c\nsocket=tcp://localhost:9000\n"));
    assertEquals(Optional.of(new FcgiSocketConfig("tcp://localhost:9000", 4096, OptionalInt.empty(), OptionalInt.empty(), 0)),
        c.group("t").orElseThrow().fcgiSocket());
    assertEquals(Optional.of(new FcgiSocketConfig("unix:///tmp/u.sock", 10, OptionalInt.of(0), OptionalInt.of(0), 0666)),
        c.group("u").orElseThrow().fcgiSocket());
    assertEquals(GroupKind.FCGI, c.group("u").orElseThrow().kind());
  }

  @Test void fcgiTcpUrlIsRebuiltAsSupervisordPrintsIt() throws Exception {
    Config c = t.load(t.withSupervisord("[fcgi-program:t]\ncommand=c\nsocket=tcp://LocalHost:09000\n"));
    FcgiSocketConfig socket = c.group("t").orElseThrow().fcgiSocket().orElseThrow();
    assertEquals("tcp://localhost:9000", socket.url());
    assertEquals("localhost", socket.host());
    assertEquals(9000, socket.port());
    assertEquals(List.of(
        "supervisord.conf:6: [fcgi-program:a] socket: 0 is below lower bound (1)",
        "supervisord.conf:9: [fcgi-program:b] socket: 65536 is above upper bound (65535)"),
        t.problems(t.withSupervisord("[fcgi-program:a]\ncommand=c\nsocket=tcp://h:000\n"
            + "[fcgi-program:b]\ncommand=c\nsocket=tcp://h:0065536\n")));
  }

  @Test void fcgiErrors() {
    assertEquals(List.of(
        "supervisord.conf:3: [fcgi-program:a] socket: [fcgi-program:a] section requires a \"socket\" line",
        "supervisord.conf:6: [fcgi-program:b] socket: Unix socket path tmp/x is not an absolute path",
        "supervisord.conf:9: [fcgi-program:c] socket: socket_owner and socket_mode params should only be used with a Unix"
            + " domain socket",
        "supervisord.conf:13: [fcgi-program:d] socket: Bad socket format tcp://host",
        "supervisord.conf:14: [fcgi-program:d] socket_backlog: Invalid socket_backlog value 0",
        "supervisord.conf:15: [fcgi-program:d] socket_mode: Invalid socket_mode value 9",
        "supervisord.conf:16: [fcgi-program:d] socket_owner: Invalid socket_owner value nobody_x"),
        t.problems("[supervisord]\nchildlogdir=/tmp\n[fcgi-program:a]\ncommand=c\n[fcgi-program:b]\nsocket=unix://tmp/x\ncommand=c\n"
            + "[fcgi-program:c]\nsocket=tcp://h:1\nsocket_mode=0700\ncommand=c\n[fcgi-program:d]\nsocket=tcp://host\n"
            + "socket_backlog=0\nsocket_mode=9\nsocket_owner=nobody_x\ncommand=c\n"));
  }

  @Test void expansionNamesPerOption() throws Exception {
    Config c = t.load(t.withSupervisord("[program:p]\ncommand=%(here)s %(host_node_name)s %(program_name)s %(group_name)s"
        + " %(process_num)s %(numprocs)s %(ENV_GREETING)s %(ENV_OWN)s\nenvironment=OWN=%(program_name)s\n"
        + "directory=%(ENV_OWN)s\n"));
    ProcessConfig p = TestConfigs.onlyProcess(c);
    assertEquals(dir + " testhost p p 0 1 hi p", p.command());
    assertEquals(Optional.of("p"), p.directory());
  }

  @Test void processNumIsNotAvailableToOtherOptions() {
    assertEquals(List.of("supervisord.conf:6: [program:p] priority: Format string '%(process_num)s' for 'program:p.priority'"
        + " contains names ('process_num') which cannot be expanded. Available names: ENV_GREETING, ENV_HOME, ENV_TMPDIR,"
        + " group_name, here, host_node_name, program_name"),
        t.problems(t.withSupervisord("[program:p]\ncommand=c\npriority=%(process_num)s\n")));
  }

  @Test void supervisordEnvironmentFeedsEnvNamesAndOwnEnvironmentWins() throws Exception {
    // fixtures issue-1170a/b
    Config c = t.load(t.withSupervisord("environment=FOO=global,BAR=%(ENV_GREETING)s\n[program:a]\ncommand=%(ENV_FOO)s %(ENV_BAR)s\n"
        + "[program:b]\ncommand=%(ENV_FOO)s\nenvironment=FOO=mine\n"));
    assertEquals("global hi", c.group("a").orElseThrow().processes().get(0).command());
    assertEquals("mine", c.group("b").orElseThrow().processes().get(0).command());
    assertEquals(Map.of("FOO", "mine"), c.group("b").orElseThrow().processes().get(0).environment());
  }

  @Test void supervisordEnvironmentIsExpandedTwiceAsIn425() throws Exception {
    assertEquals(Map.of("P", "100%"), t.load(t.withSupervisord("environment=P=\"100%%%%\"\n")).supervisord().environment());
  }

  @Test void doublePercentIsALiteral() throws Exception {
    // fixture issue-986
    assertEquals("echo %h %p %P", TestConfigs.onlyProcess(t.load(t.withSupervisord("[program:a]\ncommand=echo %%h %%p %%P\n"))).command());
  }

  @Test void badFormatMessage() {
    assertEquals(List.of("supervisord.conf:5: [program:a] command: Format string 'echo 100%' for 'program:a.command' is"
        + " badly formatted: incomplete format"), t.problems(t.withSupervisord("[program:a]\ncommand=echo 100%\n")));
  }

  @Test void defaultSectionAppliesToEveryProgram() throws Exception {
    Config c = t.load(t.withSupervisord("[DEFAULT]\nstartsecs=7\n[program:a]\ncommand=c\n[program:b]\ncommand=c\nstartsecs=2\n"));
    assertEquals(7, c.group("a").orElseThrow().processes().get(0).startsecs());
    assertEquals(2, c.group("b").orElseThrow().processes().get(0).startsecs());
  }

  @Test void unknownSectionsAndKeysAreIgnored() throws Exception {
    Config c = t.load(t.withSupervisord("bogus=%(nope)s\n[Program:x]\n[program:a]\ncommand=c\ntypo_key=1\n"));
    assertEquals(List.of("a"), c.groups().stream().map(GroupConfig::name).toList());
  }

  @Test void includes() throws Exception {
    t.write("conf.d/b.conf", "[program:b]\ncommand=%(here)s\n[supervisord]\nidentifier=from-include\n[include]\nfiles=nested/*.conf\n");
    t.write("conf.d/a.conf", "[program:a]\ncommand=a\n");
    t.write("conf.d/.hidden.conf", "[program:hidden]\ncommand=c\n");
    t.write("conf.d/nested/n.conf", "[program:nested]\ncommand=c\n");
    Config c = t.load(t.withSupervisord("[include]\nfiles = conf.d/*.conf\n  missing/*.ini\n"));
    assertEquals(List.of("a", "b"), c.groups().stream().map(GroupConfig::name).toList());
    assertEquals(dir + "/conf.d", c.group("b").orElseThrow().processes().get(0).command());
    assertEquals("from-include", c.supervisord().identifier());
    assertEquals(List.of(
        new ConfigMessage(LogLevel.WARN, "No file matches via include \"" + dir + "/missing/*.ini\""),
        new ConfigMessage(LogLevel.INFO, "Included extra file \"" + dir + "/conf.d/a.conf\" during parsing"),
        new ConfigMessage(LogLevel.INFO, "Included extra file \"" + dir + "/conf.d/b.conf\" during parsing")), c.messages());
  }

  @Test void includeErrorsNameTheIncludedFile() {
    t.write("extra.conf", "[program:x]\ncommand=c\nstartsecs=soon\nbroken line\n");
    assertEquals(List.of(
        "extra.conf:3: [program:x] startsecs: not an integer: 'soon'",
        "extra.conf:4: [program:x] Source contains parsing errors: no '=' or ':' in 'broken line'"),
        t.problems(t.withSupervisord("[include]\nfiles=" + dir + "/extra.conf\n")));
  }

  @Test void includeWithoutFiles() {
    assertEquals(List.of("supervisord.conf:4: [include] files: .ini file has [include] section, but no files setting"),
        t.problems(t.withSupervisord("[include]\n")));
  }

  @Test void supervisorctlSection() throws Exception {
    Path file = t.write("ctl.conf", "[supervisorctl]\nserverurl=unix://%(here)s/../x.sock\nusername=u\npassword=p\n"
        + "prompt=mine\nhistory_file=~/.h\n");
    assertEquals(new SupervisorctlConfig("unix://" + dir.getParent() + "/x.sock", Optional.of("u"), Optional.of("p"), "mine",
        Optional.of("/root/.h")), ConfigLoader.loadSupervisorctl(file, t.host()));
    Path plain = t.write("plain.conf", "[supervisorctl]\n");
    assertEquals(SupervisorctlConfig.DEFAULTS, ConfigLoader.loadSupervisorctl(plain, t.host()));
  }

  @Test void supervisorctlSectionIsRequiredInAGivenFile() {
    Path file = t.write("ctl.conf", "[supervisord]\n[include]\nfiles=*.conf\n");
    var e = assertThrows(ConfigException.class, () -> ConfigLoader.loadSupervisorctl(file, t.host()));
    assertEquals(file + ": .ini file does not include supervisorctl section", e.getMessage());
  }

  @Test void locatorSearchOrder() throws Exception {
    assertEquals(List.of("/opt/sv/etc/supervisord.conf", "/opt/sv/supervisord.conf", "supervisord.conf",
        "etc/supervisord.conf", "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf"),
        ConfigLocator.searchPaths("/opt/sv/bin/supervisord"));
    assertEquals("No config file found at default paths (etc/supervisord.conf, supervisord.conf, supervisord.conf,"
        + " etc/supervisord.conf, /etc/supervisord.conf, /etc/supervisor/supervisord.conf); use the -c option to specify"
        + " a config file at a different path", ConfigLocator.notFoundMessage("supervisord"));
    Files.createDirectories(dir.resolve("etc"));
    Files.writeString(dir.resolve("etc/supervisord.conf"), "");
    assertEquals(Optional.of(dir.resolve("etc/supervisord.conf")), ConfigLocator.locate("/nonexistent/bin/x", dir));
    Files.writeString(dir.resolve("supervisord.conf"), "");
    assertEquals(Optional.of(dir.resolve("supervisord.conf")), ConfigLocator.locate("/nonexistent/bin/x", dir));
  }
}
