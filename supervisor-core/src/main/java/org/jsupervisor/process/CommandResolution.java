package org.jsupervisor.process;

import java.util.List;

/** The result of resolving a {@code command=} line to an executable. */
public sealed interface CommandResolution {
  /** An executable file was found; {@code argv} is the shlex-split command. */
  record Resolved(String path, List<String> argv) implements CommandResolution {}

  /**
   * The command cannot be run. {@code notExecutable} distinguishes the XML-RPC fault
   * NOT_EXECUTABLE (a directory, no x bit, no permission, unparsable) from NO_FILE (not found).
   */
  record Unresolved(String spawnerr, boolean notExecutable) implements CommandResolution {}
}
