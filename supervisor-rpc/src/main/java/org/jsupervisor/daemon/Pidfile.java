package org.jsupervisor.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * supervisord's pidfile: {@code <pid>\n}, written after daemonizing and removed at exit only if
 * this process wrote it (so a second supervisord refused at start-up does not delete the running
 * one's file). Not thread-safe; the daemon's main thread owns it.
 */
public final class Pidfile {
  private final Path path;
  private boolean written;

  public Pidfile(String path) {
    this.path = Path.of(path);
  }

  public Path path() {
    return path;
  }

  /**
   * Writes {@code pid} followed by a newline, replacing any old content.
   *
   * @return false if the file could not be written; supervisord logs that as CRIT and carries on
   */
  public boolean write(long pid) {
    try {
      Files.write(path, (pid + "\n").getBytes(StandardCharsets.US_ASCII));
      written = true;
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /**
   * {@link #write} this process's pid and log the outcome with supervisord's wording: INFO
   * {@code supervisord started with pid <pid>} or CRIT {@code could not write pidfile <path>}.
   */
  public boolean writeAndLog(long pid, Logger log) {
    if (write(pid)) {
      log.info("supervisord started with pid {}", pid);
      return true;
    }
    org.jsupervisor.log.MainLog.critical(log, "could not write pidfile " + path);
    return false;
  }

  /** Deletes the file if {@link #write} created it; errors are ignored, as supervisord does. */
  public void remove() {
    if (!written) {
      return;
    }
    written = false;
    try {
      Files.deleteIfExists(path);
    } catch (IOException | SecurityException e) {
      // supervisord's _try_unlink ignores failures too: there is nothing left to do at exit.
    }
  }
}
