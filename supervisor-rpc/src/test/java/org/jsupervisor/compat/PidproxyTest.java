package org.jsupervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our pidproxy in its own JVM with real commands, pidfiles and signals; usage text and exit
 * statuses compared with supervisord's pidproxy.
 */
class PidproxyTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();
  private final List<Path> pidfiles = new ArrayList<>();

  /** Anything a test left running is stopped by pid. */
  @AfterEach
  void stopLeftovers() throws Exception {
    for (Path pidfile : pidfiles) {
      long pid = readPid(pidfile);
      if (pid > 0) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private Process ours(String argv0, String... args) throws IOException {
    var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "-Djsupervisor.argv0=" + argv0, "org.jsupervisor.pidproxy.Pidproxy"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
        .start();
    started.add(p);
    return p;
  }

  private static int exitStatus(Process p) throws InterruptedException {
    if (!p.waitFor(LONG.toSeconds(), TimeUnit.SECONDS)) {
      fail("pidproxy did not exit");
    }
    return p.exitValue();
  }

  @Test
  void usageTextAndStatusAreSupervisordsPidproxys() throws Exception {
    var python = new PythonSupervisor();
    String script = python.root.resolve("usr/bin/pidproxy").toString();
    for (List<String> args : List.of(List.<String>of(), List.of(dir.resolve("x.pid").toString()))) {
      var cmd = new ArrayList<>(List.of(script));
      cmd.addAll(args);
      PythonSupervisor.Result expected = python.run(dir, cmd);
      Process p = ours(script, args.toArray(String[]::new));
      int status = exitStatus(p);
      assertEquals(expected.output(), read("stdout.txt") + read("stderr.txt"), args.toString());
      assertEquals(expected.status(), status, args.toString());
    }
    assertTrue(read("stdout.txt").startsWith("pidproxy -- run command and proxy signals to it via its pidfile.\n"));
  }

  @Test
  void signalsGoToThePidInThePidfileAndTermEndsPidproxy() throws Exception {
    Path pidfile = dir.resolve("daemon.pid");
    pidfiles.add(pidfile);
    Path log = dir.resolve("received.txt");
    // Like a wrapper that starts the real server in the background: the pidfile names the server,
    // not the command pidproxy ran. The traps are set before the pid is written.
    Path wrapper = script("wrapper.sh", "#!/bin/sh\n"
        + "sh -c 'for s in HUP USR1 USR2; do trap \"echo $s >> " + log + "\" $s; done;"
        + " trap \"echo TERM >> " + log + "; exit 0\" TERM;"
        + " echo $$ > " + pidfile + "; while :; do sleep 0.1; done' &\n"
        + "wait\n");
    Process p = ours("pidproxy", pidfile.toString(), wrapper.toString());
    await("the pidfile", () -> readPid(pidfile) > 0);
    long server = readPid(pidfile);
    assertTrue(server != p.pid());

    List<String> expected = new ArrayList<>();
    for (String signal : List.of("HUP", "USR1", "USR2")) {
      signal(p.pid(), signal);
      expected.add(signal);
      await(signal + " relayed", () -> lines(log).equals(expected));
      assertTrue(p.isAlive(), "only TERM, INT (and QUIT) end pidproxy");
    }
    signal(p.pid(), "TERM");
    assertEquals(0, exitStatus(p));
    await("the server's exit", () -> !alive(server));
    assertEquals(List.of("HUP", "USR1", "USR2", "TERM"), lines(log));
  }

  @Test
  void anUnreadablePidfileIsReportedAndPidproxyCarriesOnUntilTheCommandExits() throws Exception {
    Path started = dir.resolve("started");
    Path stop = dir.resolve("stop");
    Path command = script("command.sh", "#!/bin/sh\n: > " + started + "\nwhile [ ! -e " + stop
        + " ]; do sleep 0.1; done\nexit 3\n");
    Path missing = dir.resolve("missing.pid");
    Process p = ours("pidproxy", missing.toString(), command.toString());
    await("the command", () -> Files.exists(started)); // pidproxy's handlers are in place by then
    signal(p.pid(), "USR1");
    await("the complaint", () -> read("stdout.txt").equals("Can't read child pidfile " + missing + "!\n"));
    Files.writeString(missing, "not a pid\n");
    signal(p.pid(), "TERM");
    await("the second complaint", () -> read("stdout.txt").equals(("Can't read child pidfile " + missing + "!\n").repeat(2)));
    assertTrue(p.isAlive(), "TERM ends pidproxy only once relayed");
    Files.writeString(stop, "");
    assertEquals(0, exitStatus(p), "the command's own status is not passed on");
  }

  @Test
  void aPidThatIsGoneEndsPidproxyWithStatusOne() throws Exception {
    Path pidfile = dir.resolve("gone.pid");
    Files.writeString(pidfile, Integer.MAX_VALUE + "\n"); // above any pid_max: never a process
    Path started = dir.resolve("started");
    pidfiles.add(dir.resolve("sleeper.pid"));
    Path command = script("command.sh", "#!/bin/sh\necho $$ > " + dir.resolve("sleeper.pid") + "\n: > " + started
        + "\nexec sleep 1000\n");
    Process p = ours("pidproxy", pidfile.toString(), command.toString());
    await("the command", () -> Files.exists(started));
    signal(p.pid(), "HUP");
    assertEquals(1, exitStatus(p));
    assertEquals("pidproxy: kill " + Integer.MAX_VALUE + " SIGHUP: ESRCH (3)\n", read("stderr.txt"));
  }

  @Test
  void theCommandIsTakenRelativeToTheWorkingDirectoryAsSupervisordsPidproxyTakesIt() throws Exception {
    var python = new PythonSupervisor();
    // "sleep" is not looked up in PATH: both run ./sleep, which does not exist, and exit 0.
    PythonSupervisor.Result expected = python.run(dir,
        List.of(python.root.resolve("usr/bin/pidproxy").toString(), dir.resolve("x.pid").toString(), "sleep", "1"));
    Process p = ours("pidproxy", dir.resolve("x.pid").toString(), "sleep", "1");
    assertEquals(expected.status(), exitStatus(p));
    assertEquals("pidproxy: couldn't exec " + dir.resolve("sleep") + ": ENOENT\n", read("stderr.txt"));
  }

  private Path script(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    assertTrue(file.toFile().setExecutable(true));
    return file;
  }

  private String read(String name) {
    try {
      Path file = dir.resolve(name);
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static long readPid(Path file) {
    try {
      String text = Files.exists(file) ? Files.readString(file).strip() : "";
      return text.matches("\\d+") ? Long.parseLong(text) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void signal(long pid, String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }
}
