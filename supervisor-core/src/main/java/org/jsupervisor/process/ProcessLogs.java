package org.jsupervisor.process;

import java.io.IOException;
import org.jsupervisor.log.Channel;
import org.jsupervisor.log.ChildLog;

/**
 * The output destinations of one process, with AUTO names already generated. Both streams always
 * exist (a NONE file, or stderr with {@code redirect_stderr}, still has a tail); whether a file
 * exists is {@link ChildLog#path()}.
 */
public record ProcessLogs(ChildLog stdout, ChildLog stderr) {
  /** No files at all (tests, and processes built without a supervisor). */
  public static ProcessLogs none(String processName) {
    return new ProcessLogs(ChildLog.none(processName, Channel.STDOUT),
        ChildLog.none(processName, Channel.STDERR));
  }

  public ChildLog of(Channel channel) {
    return channel == Channel.STDOUT ? stdout : stderr;
  }

  /** At spawn: opens both files, creating them (a stream without a file has nothing to open). */
  public void openFiles() {
    stdout.openFile();
    stderr.openFile();
  }

  /** SIGUSR2: closes both files and opens them again by name. */
  public void reopen() {
    stdout.reopen();
    stderr.reopen();
  }

  /** clearProcessLogs: deletes and reopens both current files (backups stay). */
  public void clear() throws IOException {
    stdout.clear();
    stderr.clear();
  }

  public void close() {
    stdout.close();
    stderr.close();
  }
}
