package org.jsupervisor.config;

import org.jsupervisor.testing.ProjectRoot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every {@code conf-examples/*.conf} of the repository loads (none yet is fine). */
class ConfExamplesTest {
  @Test void everyExampleLoads() throws IOException {
    Path examples = ProjectRoot.get().resolve("conf-examples");
    if (!Files.isDirectory(examples)) {
      return; // nothing to check yet
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(examples)) {
      files = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    }
    var failures = new ArrayList<String>();
    for (Path file : files) {
      try {
        ConfigLoader.load(file, new LoadEnvironment(System.getenv(), "localhost", examples));
      } catch (ConfigException e) {
        failures.add(e.getMessage());
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }
}
