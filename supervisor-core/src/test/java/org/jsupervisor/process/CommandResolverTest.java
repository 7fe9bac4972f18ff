package org.jsupervisor.process;

import org.jsupervisor.config.PyRepr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.jsupervisor.process.CommandResolution.Resolved;
import org.jsupervisor.process.CommandResolution.Unresolved;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandResolverTest {
  @TempDir Path tmp;
  Path bin;
  Path other;

  @BeforeEach
  void setUp() throws IOException {
    bin = Files.createDirectory(tmp.resolve("bin"));
    other = Files.createDirectory(tmp.resolve("other"));
    executable(bin.resolve("prog"));
    executable(other.resolve("prog"));
    executable(other.resolve("only-other"));
    Files.createDirectory(bin.resolve("adir"));
    Files.writeString(bin.resolve("plain"), "data");
  }

  private static void executable(Path file) throws IOException {
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private CommandResolution resolve(String command) {
    return CommandResolver.resolve(command, Map.of(), bin.toString());
  }

  @Test
  void findsProgramInDaemonPathAndKeepsArgvAsWritten() {
    assertEquals(new Resolved(bin + "/prog", List.of("prog", "a b", "c")), resolve("prog 'a b' c"));
  }

  @Test
  void childEnvironmentPathWinsOverDaemonPath() {
    assertEquals(new Resolved(other + "/prog", List.of("prog")),
        CommandResolver.resolve("prog", Map.of("PATH", other + ":" + bin), bin.toString()));
    assertEquals(new Unresolved("can't find command 'only-other'", false),
        CommandResolver.resolve("only-other", Map.of("PATH", bin.toString()), other.toString()));
  }

  @Test
  void emptyOrMissingDaemonPathFallsBackToTheDefault() {
    assertEquals(new Resolved("/bin/sh", List.of("sh", "-c", "x")),
        CommandResolver.resolve("sh -c x", Map.of(), ""));
    assertEquals(new Resolved("/bin/sh", List.of("sh")), CommandResolver.resolve("sh", Map.of(), null));
  }

  @Test
  void commandWithSlashIsUsedAsIs() {
    String path = other + "/only-other";
    assertEquals(new Resolved(path, List.of(path)), resolve(path));
  }

  @Test
  void failuresUseSupervisordsSpawnerrTexts() {
    assertEquals(new Unresolved("can't find command 'nope'", false), resolve("nope"));
    assertEquals(new Unresolved("can't find command '/no/such/file'", false), resolve("/no/such/file"));
    assertEquals(new Unresolved("command at '" + bin + "/adir' is a directory", true), resolve("adir"));
    assertEquals(new Unresolved("command at '" + bin + "/plain' is not executable", true), resolve("plain x"));
    assertEquals(new Unresolved("command is empty", true), resolve("   "));
    assertEquals(new Unresolved("can't parse command \"echo 'hi\": No closing quotation", true),
        resolve("echo 'hi"));
    assertEquals(new Unresolved("can't parse command 'x\\\\': No escaped character", true), resolve("x\\"));
  }

  @Test
  void firstExistingPathEntryWinsEvenWhenItIsADirectory() throws IOException {
    Files.createDirectory(other.resolve("adir2"));
    executable(bin.resolve("adir2"));
    assertEquals(new Unresolved("command at '" + other + "/adir2' is a directory", true),
        CommandResolver.resolve("adir2", Map.of("PATH", other + ":" + bin), ""));
  }

  @Test
  void pyReprQuotesAsPythonDoes() {
    assertEquals("'plain'", PyRepr.of("plain"));
    assertEquals("\"it's\"", PyRepr.of("it's"));
    assertEquals("'a\"b'", PyRepr.of("a\"b"));
    assertEquals("'x\\'y\"z'", PyRepr.of("x'y\"z"));
    assertEquals("'a\\\\b'", PyRepr.of("a\\b"));
    assertEquals("'tab\\there\\n'", PyRepr.of("tab\there\n"));
    assertEquals("'é\\x01'", PyRepr.of("é\u0001"));
  }
}
