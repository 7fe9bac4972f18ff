package org.jsupervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jsupervisor.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on a configuration read from a file: numprocs, groups, priorities, environment. */
class ConfiguredEngineTest {
  @TempDir Path dir;

  @Test
  void numprocsAndHeterogeneousGroupsRunAsConfigured() throws Exception {
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, """
        [supervisord]
        logfile=%(here)s/supervisord.log
        pidfile=%(here)s/supervisord.pid
        childlogdir=%(here)s
        environment=FROM_SUPERVISORD="yes"

        [program:web]
        command=/bin/sh -c 'echo "$SUPERVISOR_GROUP_NAME $SUPERVISOR_PROCESS_NAME $PORT $FROM_SUPERVISORD"; exec sleep 1000'
        process_name=%(program_name)s_%(process_num)02d
        numprocs=3
        numprocs_start=1
        environment=PORT="80%(process_num)02d"
        stdout_logfile=%(here)s/%(process_num)d.out
        startsecs=0

        [group:backend]
        programs=queue,api,cron
        priority=5

        [program:queue]
        command=/bin/sleep 1000
        startsecs=0
        priority=2

        [program:api]
        command=/bin/sleep 1000
        startsecs=0
        priority=1

        [program:cron]
        command=/bin/sleep 1000
        startsecs=0
        priority=2
        """);
    try (var e = new Engine(ConfigLoader.load(conf))) {
      e.await("all running", Duration.ofSeconds(20), s -> s.allProcesses().size() == 6
          && s.allProcesses().stream().allMatch(p -> p.state() == ProcessState.RUNNING));
      assertEquals(List.of("backend:queue", "backend:api", "backend:cron", "web:web_01",
          "web:web_02", "web:web_03"), e.call(s -> s.groupsByPriority().stream()
          .flatMap(g -> g.processes().stream()).map(ManagedProcess::namespec).toList()));
      for (int n = 1; n <= 3; n++) {
        Path out = dir.resolve(n + ".out");
        String expected = "web web_0" + n + " 800" + n + " yes\n";
        e.await(out + " written", Duration.ofSeconds(20), s -> read(out).equals(expected));
      }
      // supervisord's main loop starts a group's processes in programs= order; priority
      // orders only the group-wide RPC calls and the shutdown.
      assertEquals(List.of("queue", "api", "cron"), namesEntering(e, ProcessState.STARTING));
      e.shutdown();
      // By priority, highest first; the tie (queue, cron) in reverse programs= order.
      assertEquals(List.of("cron", "queue", "api"), namesEntering(e, ProcessState.STOPPING));
    }
  }

  private static List<String> namesEntering(Engine e, ProcessState state) {
    return e.changes.stream().filter(c -> c.group().equals("backend") && c.to() == state)
        .map(ProcessStateChange::name).toList();
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
