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
 * {@code config/good/*.conf} must load without warnings about unknown options; each
 * {@code config/bad/X.conf} must fail with exactly the problems listed in {@code X.expected}, one
 * per line, file names relative to the bad/ directory; each {@code config/warn/X.conf} must load
 * with exactly the warnings listed in {@code X.expected}.
 */
class GoldenFilesTest {
  private static final Path ROOT = Path.of("src/test/resources/config").toAbsolutePath();

  static Stream<Path> good() throws IOException {
    return confFiles(ROOT.resolve("good"));
  }

  static Stream<Path> bad() throws IOException {
    return confFiles(ROOT.resolve("bad"));
  }

  static Stream<Path> warn() throws IOException {
    return confFiles(ROOT.resolve("warn"));
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
    assertEquals(List.of(), config.messages().stream().map(ConfigMessage::text)
        .filter(m -> m.contains("unknown option")).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("warn")
  void warnFilesLoadWithTheExpectedWarnings(Path file) throws Exception {
    Config config = ConfigLoader.load(file, host(file));
    List<String> actual = config.messages().stream().filter(m -> m.level() == LogLevel.WARN)
        .map(m -> m.text().replace(file.getParent() + "/", "")).toList();
    assertEquals(expected(file, actual), actual);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void badFilesFailWithTheExpectedProblems(Path file) throws Exception {
    var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, host(file)));
    List<String> actual = e.problems().stream()
        .map(p -> p.toString().replace(file.getParent() + "/", "")).toList();
    assertEquals(expected(file, actual), actual);
  }

  /** The lines of X.expected next to X.conf (rewritten from {@code actual} when recording). */
  private static List<String> expected(Path file, List<String> actual) throws IOException {
    Path expectedFile = Path.of(file.toString().replaceAll("\\.conf$", ".expected"));
    if (Boolean.getBoolean("jsupervisor.golden.record")) {
      Files.write(expectedFile, actual);
    }
    assertTrue(Files.exists(expectedFile), "missing " + expectedFile);
    return Files.readAllLines(expectedFile);
  }
}
