package org.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code config/good/*.conf} must load; each {@code config/bad/X.conf} must fail with exactly the
 * problems listed in {@code X.expected}, one per line, file names relative to the bad/ directory.
 */
class GoldenFilesTest {
  private static final Path ROOT = Path.of("src/test/resources/config").toAbsolutePath();

  static Stream<Path> good() throws IOException {
    return confFiles(ROOT.resolve("good"));
  }

  static Stream<Path> bad() throws IOException {
    return confFiles(ROOT.resolve("bad"));
  }

  private static Stream<Path> confFiles(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no golden files in " + dir);
    return files.stream();
  }

  private static LoadEnvironment host(Path file) {
    return new LoadEnvironment(TestConfigs.ENV, TestConfigs.HOST, file.getParent());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("good")
  void goodFilesLoad(Path file) throws Exception {
    Config config = ConfigLoader.load(file, host(file));
    assertTrue(config.supervisord() != null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void badFilesFailWithTheExpectedProblems(Path file) throws Exception {
    Path expectedFile = Path.of(file.toString().replaceAll("\\.conf$", ".expected"));
    var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, host(file)));
    List<String> actual = e.problems().stream()
        .map(p -> p.toString().replace(file.getParent() + "/", "")).toList();
    if (Boolean.getBoolean("jsupervisor.golden.record")) {
      Files.write(expectedFile, actual);
    }
    assertTrue(Files.exists(expectedFile), "missing " + expectedFile);
    assertEquals(Files.readAllLines(expectedFile), actual);
  }
}
