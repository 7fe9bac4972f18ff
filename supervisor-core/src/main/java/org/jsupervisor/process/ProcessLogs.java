package org.jsupervisor.process;

import java.util.Optional;
import org.jsupervisor.log.ChildLogFile;

/**
 * The log files of one process, with AUTO names already generated. Empty for {@code NONE}
 * (and for stderr with {@code redirect_stderr}).
 */
public record ProcessLogs(Optional<ChildLogFile> stdout, Optional<ChildLogFile> stderr) {
  public static final ProcessLogs NONE = new ProcessLogs(Optional.empty(), Optional.empty());

  public void reopen() {
    stdout.ifPresent(ChildLogFile::reopen);
    stderr.ifPresent(ChildLogFile::reopen);
  }

  public void close() {
    stdout.ifPresent(ChildLogFile::close);
    stderr.ifPresent(ChildLogFile::close);
  }
}
