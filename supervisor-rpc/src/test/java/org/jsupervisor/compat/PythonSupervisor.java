package org.jsupervisor.compat;

import org.jsupervisor.testing.ProjectRoot;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Python supervisor, extracted by {@code scripts/python-supervisor.sh}, and the daemons
 * the compatibility tests compare. Runs only in a JVM that hosts no engine.
 */
final class PythonSupervisor {
  final Path root;

  PythonSupervisor() {
    root = ProjectRoot.get().resolve(".cache/python-supervisor");
    // Missing is a failure, never a skip: run scripts/python-supervisor.sh first.
    assertTrue(Files.isRegularFile(root.resolve("usr/bin/supervisorctl")),
        "Python supervisor not found in " + root + "; run scripts/python-supervisor.sh");
  }


  private Path sitePackages() {
    return root.resolve("usr/lib/python3/dist-packages");
  }

  /** Runs a Python tool to completion; returns its exit status and combined output. */
  Result run(Path dir, List<String> args) throws IOException, InterruptedException {
    var cmd = new ArrayList<String>();
    cmd.add("python3");
    cmd.addAll(args);
    var pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("PYTHONPATH", sitePackages().toString());
    Process p = pb.start();
    byte[] out;
    try (var in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + cmd);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  Result supervisorctl(Path dir, Path conf, String serverUrl, String... command)
      throws IOException, InterruptedException {
    var args = new ArrayList<>(List.of(root.resolve("usr/bin/supervisorctl").toString(),
        "-c", conf.toString(), "-s", serverUrl));
    args.addAll(List.of(command));
    return run(dir, args);
  }

  /** Starts Python's supervisord in the foreground on {@code conf}. */
  Process startSupervisord(Path dir, Path conf) throws IOException {
    var pb = new ProcessBuilder("python3", root.resolve("usr/bin/supervisord").toString(), "-n",
        "-c", conf.toString()).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("python-supervisord.out").toFile());
    pb.environment().put("PYTHONPATH", sitePackages().toString());
    return pb.start();
  }

  record Result(int status, String output) {}
}
