package org.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes configs into a temp dir and loads them against a fixed environment. */
final class TestConfigs {
  static final Map<String, String> ENV = Map.of("HOME", "/root", "TMPDIR", "/tmp", "GREETING", "hi");
  static final String HOST = "testhost";

  final Path dir;

  TestConfigs(Path dir) {
    this.dir = dir;
  }

  LoadEnvironment host() {
    return new LoadEnvironment(ENV, HOST, dir);
  }

  Path write(String name, String text) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Config load(String text) throws ConfigException {
    return ConfigLoader.load(write("supervisord.conf", text), host());
  }

  /** Loads a config that must fail; returns its problems printed, with the temp dir removed. */
  List<String> problems(String text) {
    var e = assertThrows(ConfigException.class, () -> load(text));
    return e.problems().stream().map(p -> p.toString().replace(dir + "/", "")).toList();
  }

  /** A config with a [supervisord] section that needs no existing paths besides the temp dir. */
  String withSupervisord(String rest) {
    return "[supervisord]\nlogfile=" + dir + "/supervisord.log\npidfile=" + dir + "/supervisord.pid\n" + rest;
  }

  static ProcessConfig onlyProcess(Config config) {
    return config.groups().get(0).processes().get(0);
  }
}
