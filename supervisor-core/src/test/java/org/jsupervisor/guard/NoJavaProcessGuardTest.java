package org.jsupervisor.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The daemon must never start a {@code java.lang.Process}: the first one resets SIGCHLD to its
 * default (removing our handler) and the JDK then reaps its own children, racing our
 * {@code waitpid(-1)}. This scans every compiled main class for ProcessBuilder and Runtime.exec.
 */
class NoJavaProcessGuardTest {
  @Test
  void noMainClassUsesProcessBuilderOrRuntimeExec() throws IOException {
    List<Path> roots = classRoots();
    List<String> offenders = new ArrayList<>();
    int scanned = 0;
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList())) {
          scanned++;
          for (String ref : forbiddenReferences(Files.readAllBytes(file))) {
            offenders.add(root.relativize(file) + " uses " + ref);
          }
        }
      }
    }
    assertTrue(scanned > 10, "found the compiled classes (" + scanned + " in " + roots + ")");
    assertEquals(List.of(), offenders);
  }

  @Test
  void scannerSpotsBothKindsOfReference() throws IOException {
    byte[] bytes = ownClassBytes(UsesProcesses.class);
    assertEquals(List.of("java/lang/ProcessBuilder", "java/lang/Runtime.exec"), forbiddenReferences(bytes));
  }

  /** Never run: the scanner's positive control. */
  @SuppressWarnings("unused")
  private static final class UsesProcesses {
    void start() throws IOException {
      new ProcessBuilder("true").start();
      Runtime.getRuntime().exec(new String[] {"true"});
    }
  }

  /** supervisor-core's classes, plus those of sibling modules that have been compiled. */
  private static List<Path> classRoots() throws IOException {
    List<Path> roots = new ArrayList<>();
    Path core = Path.of("target", "classes").toAbsolutePath();
    roots.add(core);
    Path projectRoot = Path.of(System.getProperty("jsupervisor.projectRoot", core.resolve("../../..").toString()));
    if (Files.isDirectory(projectRoot)) {
      try (Stream<Path> modules = Files.list(projectRoot)) {
        modules.map(m -> m.resolve("target/classes").toAbsolutePath().normalize())
            .filter(Files::isDirectory)
            .filter(p -> !p.equals(core.normalize()))
            .forEach(roots::add);
      }
    }
    return roots;
  }

  private static byte[] ownClassBytes(Class<?> type) throws IOException {
    String resource = "/" + type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }

  /**
   * Reads the class file's constant pool: any mention of java/lang/ProcessBuilder (class, field or
   * method descriptor), and any method reference Runtime.exec.
   */
  static List<String> forbiddenReferences(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNameIndex = new int[count];
    List<int[]> methodRefs = new ArrayList<>(); // {classIndex, nameAndTypeIndex}
    int[] natName = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classNameIndex[i] = in.readUnsignedShort();
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 3, 4 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++; // takes two slots
        }
        case 9 -> in.readInt();
        case 10, 11 -> methodRefs.add(new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
        case 12 -> {
          natName[i] = in.readUnsignedShort();
          in.readUnsignedShort();
        }
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        case 17, 18 -> in.readInt();
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    List<String> found = new ArrayList<>();
    for (String s : utf8) {
      if (s != null && s.contains("java/lang/ProcessBuilder")) {
        found.add("java/lang/ProcessBuilder");
        break;
      }
    }
    for (int[] ref : methodRefs) {
      String owner = utf8[classNameIndex[ref[0]]];
      String name = utf8[natName[ref[1]]];
      if ("java/lang/Runtime".equals(owner) && "exec".equals(name)) {
        found.add("java/lang/Runtime.exec");
        break;
      }
    }
    return found;
  }
}
