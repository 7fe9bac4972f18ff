package org.jsupervisor.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository root and Debian's extracted Python supervisor package, for the tests of
 * every module (supervisor-core's test jar).
 */
public final class ProjectRoot {
  private ProjectRoot() {}

  /** {@code jsupervisor.projectRoot} as surefire sets it, else the directory above with scripts/. */
  public static Path get() {
    String property = System.getProperty("jsupervisor.projectRoot");
    if (property != null && !property.isBlank() && Files.isDirectory(Path.of(property, "scripts"))) {
      return Path.of(property).toAbsolutePath();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("scripts/python-supervisor.sh"))) {
        return p;
      }
    }
    return fail("cannot find the project root (no scripts/python-supervisor.sh above " + Path.of("").toAbsolutePath() + ")");
  }

  /** The extraction root; fails (never skips) when it is missing. */
  public static Path pythonSupervisor() {
    Path root = get().resolve(".cache/python-supervisor");
    if (!Files.exists(root.resolve("usr/lib/python3/dist-packages/supervisor/__init__.py"))) {
      fail("Debian's Python supervisor is not extracted at " + root + "; run scripts/python-supervisor.sh");
    }
    return root;
  }
}
