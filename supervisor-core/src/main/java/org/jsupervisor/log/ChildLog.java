package org.jsupervisor.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one child stream's output goes: its log file ({@code <ch>_logfile}, absent for NONE), its
 * in-memory {@link TailBuffer}, and syslog when {@code <ch>_syslog} is set. Raw bytes, no
 * timestamps, as supervisord writes them.
 *
 * <p>Writing never throws and never waits long, because it runs on the loop thread while a child
 * may be blocked on a full pipe: if the file cannot be written (full disk, directory deleted,
 * permission denied) the error is logged once in the main log, the chunk is dropped from the file
 * (the tail still gets it) and every later write tries again, so logging resumes by itself once
 * the cause is gone. Loop thread only.
 */
public final class ChildLog implements Closeable {
  private static final Logger log = LoggerFactory.getLogger("supervisord");

  private final String processName;
  private final Channel channel;
  private final Optional<RotatingFile> file;
  private final TailBuffer tail;
  private final Optional<ChildSyslog> syslog;
  private boolean failing;
  private long dropped;

  public ChildLog(String processName, Channel channel, Optional<RotatingFile> file,
      TailBuffer tail, Optional<ChildSyslog> syslog) {
    this.processName = processName;
    this.channel = channel;
    this.file = file;
    this.tail = tail;
    this.syslog = syslog;
  }

  /** A stream with no file and no syslog; only the tail is kept. */
  public static ChildLog none(String processName, Channel channel) {
    return new ChildLog(processName, channel, Optional.empty(),
        new TailBuffer(TailBuffer.DEFAULT_CAPACITY), Optional.empty());
  }

  public Channel channel() {
    return channel;
  }

  /** The log file's path (AUTO already resolved); empty for NONE. */
  public Optional<Path> path() {
    return file.map(RotatingFile::path);
  }

  public TailBuffer tail() {
    return tail;
  }

  /** Bytes that could not be written to the file since the daemon started. */
  public long dropped() {
    return dropped;
  }

  /** Logs one chunk of output; the chunk is never split across files. */
  public void write(byte[] data, int off, int len) {
    if (len == 0) {
      return;
    }
    tail.write(data, off, len);
    if (file.isPresent()) {
      try {
        file.get().write(data, off, len);
        recovered();
      } catch (IOException e) {
        dropped += len;
        failed(e);
      }
    }
    syslog.ifPresent(s -> s.send(processName, data, off, len));
  }

  /**
   * Opens (creating) the file when the process is spawned, as supervisord opens a child's log
   * files when it sets up its pipes: until the program prints, {@code tail} and the log RPCs find
   * an empty file rather than none. A failure is reported like a failed write, and the next
   * write retries; the spawn goes ahead either way.
   */
  public void openFile() {
    if (file.isPresent()) {
      try {
        file.get().ensureOpen();
        recovered();
      } catch (IOException e) {
        failed(e);
      }
    }
  }

  /**
   * Closes the file and opens it again by name (SIGUSR2): after logrotate renamed it, output goes
   * to a new file. A failure is reported like a failed write, and the next write retries. A file
   * not open now (never spawned, or failing) is left to the next spawn or write, so a program
   * that never ran gets no empty file, as with supervisord.
   */
  public void reopen() {
    if (file.isPresent() && file.get().isOpen()) {
      try {
        file.get().reopen();
        recovered();
      } catch (IOException e) {
        failed(e);
      }
    }
  }

  /**
   * {@code clearProcessLogs}: deletes the current file (not its backups), opens a new empty one
   * and forgets the tail. supervisord does nothing for a process that is not running; that check
   * is the caller's.
   *
   * @throws IOException the file could not be deleted or created (the RPC's FAILED)
   */
  public void clear() throws IOException {
    tail.clear();
    if (file.isPresent()) {
      file.get().close();
      Files.deleteIfExists(file.get().path());
      file.get().reopen();
    }
  }

  @Override
  public void close() {
    file.ifPresent(RotatingFile::close);
  }

  private void failed(IOException e) {
    if (!failing) { // once per failure streak: a full disk must not flood the main log
      log.error("could not write {} log of {}: {}; dropping its output until the file can be "
          + "written again", channel, processName, e.getMessage());
      failing = true;
    }
  }

  private void recovered() {
    if (failing) {
      log.info("writing {} log of {} again ({} bytes dropped so far)", channel, processName,
          dropped);
      failing = false;
    }
  }
}
