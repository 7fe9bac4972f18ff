package org.jsupervisor.config;

import org.jsupervisor.testing.ProjectRoot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real-world input: the configs that Debian's Python supervisor package ships and prints. */
class PythonSupervisorConfigTest {
  @TempDir Path dir;

  private static String echoSupervisordConf() throws IOException, InterruptedException {
    Path root = ProjectRoot.pythonSupervisor();
    var pb = new ProcessBuilder("python3", root.resolve("usr/bin/echo_supervisord_conf").toString());
    pb.environment().put("PYTHONPATH", root.resolve("usr/lib/python3/dist-packages").toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), "echo_supervisord_conf failed: " + out);
    return out;
  }

  @Test void sampleFromEchoSupervisordConfLoads() throws Exception {
    Path file = dir.resolve("supervisord.conf");
    Files.writeString(file, echoSupervisordConf());
    Config c = ConfigLoader.load(file, new LoadEnvironment(TestConfigs.ENV, TestConfigs.HOST, dir));
    assertEquals(new SupervisordConfig("/tmp/supervisord.log", 52428800, 10, LogLevel.INFO, "/tmp/supervisord.pid", 022,
        false, false, 1024, 200, false, "/tmp", Optional.empty(), Optional.empty(), false, Map.of(), "supervisor"),
        c.supervisord());
    assertEquals(List.of(new UnixHttpServerConfig("unix_http_server", "/tmp/supervisor.sock", 0700, OptionalInt.empty(),
        OptionalInt.empty(), Optional.empty())), c.unixHttpServers());
    assertEquals(List.of(), c.inetHttpServers());
    assertEquals(List.of(new RpcInterfaceConfig("supervisor", RpcInterfaceConfig.STANDARD_FACTORY, Map.of())), c.rpcInterfaces());
    assertEquals(Optional.of(new SupervisorctlConfig("unix:///tmp/supervisor.sock", Optional.empty(), Optional.empty(),
        "supervisor", Optional.empty())), c.supervisorctl());
    assertEquals(List.of(), c.groups());
    assertEquals(List.of(), c.messages());
  }

  @Test void debianStockConfigWithConfDLoads() throws Exception {
    String stock = Files.readString(ProjectRoot.pythonSupervisor().resolve("etc/supervisor/supervisord.conf"));
    Path etc = dir.resolve("etc/supervisor");
    Files.createDirectories(etc.resolve("conf.d"));
    Files.createDirectories(dir.resolve("run"));
    Files.createDirectories(dir.resolve("log/supervisor"));
    String rewritten = stock.replace("/var/run", dir + "/run").replace("/var/log/supervisor", dir + "/log/supervisor")
        .replace("/etc/supervisor", etc.toString());
    Files.writeString(etc.resolve("supervisord.conf"), rewritten);
    Files.writeString(etc.resolve("conf.d/app.conf"), "[program:app]\ncommand=/usr/bin/app --port 80%(process_num)02d\n"
        + "numprocs=2\nprocess_name=%(program_name)s-%(process_num)d\nuser=root\n");
    Files.writeString(etc.resolve("conf.d/README"), "not a conf file\n");

    Config c = ConfigLoader.load(etc.resolve("supervisord.conf"), new LoadEnvironment(TestConfigs.ENV, TestConfigs.HOST, dir));
    assertEquals(new SupervisordConfig(dir + "/log/supervisor/supervisord.log", 52428800, 10, LogLevel.INFO,
        dir + "/run/supervisord.pid", 022, false, false, 1024, 200, false, dir + "/log/supervisor", Optional.empty(),
        Optional.empty(), false, Map.of(), "supervisor"), c.supervisord());
    assertEquals(List.of(new UnixHttpServerConfig("unix_http_server", dir + "/run/supervisor.sock", 0700, OptionalInt.empty(),
        OptionalInt.empty(), Optional.empty())), c.unixHttpServers());
    assertEquals(List.of(new RpcInterfaceConfig("supervisor", RpcInterfaceConfig.STANDARD_FACTORY, Map.of())), c.rpcInterfaces());
    assertEquals("unix://" + dir + "/run/supervisor.sock", c.supervisorctl().orElseThrow().serverurl());
    assertEquals(List.of(new ConfigMessage(LogLevel.INFO, "Included extra file \"" + etc + "/conf.d/app.conf\" during parsing")),
        c.messages());
    GroupConfig app = c.group("app").orElseThrow();
    assertEquals(List.of("app-0", "app-1"), app.processes().stream().map(ProcessConfig::name).toList());
    assertEquals("/usr/bin/app --port 8001", app.processes().get(1).command());
    assertEquals(Optional.of(new UserId("root", 0, 0)), app.processes().get(0).user());
    assertEquals(1, c.groups().size());
  }
}
