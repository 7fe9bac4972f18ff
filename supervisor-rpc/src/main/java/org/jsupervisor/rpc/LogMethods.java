package org.jsupervisor.rpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jsupervisor.log.MainLog;
import org.jsupervisor.process.ManagedProcess;
import org.jsupervisor.process.ProcessState;
import org.jsupervisor.process.StdinWriter;
import org.jsupervisor.process.Supervisor;

/**
 * The log and stdin methods. Paths are looked up on the loop thread; files are read on the
 * I/O executor so the loop never waits for a disk.
 */
final class LogMethods {
  private final EngineAccess engine;
  private final SupervisorControl control;

  LogMethods(EngineAccess engine, SupervisorControl control) {
    this.engine = engine;
    this.control = control;
  }

  private static Optional<Path> channel(ManagedProcess p, boolean stderr) {
    return (stderr ? p.logs().stderr() : p.logs().stdout()).path();
  }

  CompletableFuture<Object> readProcessLog(String name, boolean stderr, int offset, int length) {
    return engine.call(s -> channel(EngineAccess.process(s, name), stderr))
        .thenApplyAsync(path -> {
          if (path.isEmpty()) {
            throw new Fault(FaultCode.NO_FILE);
          }
          if (!Files.exists(path.get())) {
            throw new Fault(FaultCode.NO_FILE, path.get());
          }
          return LogFiles.read(path.get(), offset, length);
        }, engine.io);
  }

  CompletableFuture<Object> tailProcessLog(String name, boolean stderr, int offset, int length) {
    return engine.call(s -> channel(EngineAccess.process(s, name), stderr))
        .thenApplyAsync(path -> path.isEmpty() || !Files.exists(path.get())
            ? List.of("", 0, false)
            : LogFiles.tail(path.get(), offset, length), engine.io);
  }

  static Optional<Path> mainLogPath(Supervisor s) {
    String file = s.config().supervisord().logfile();
    return file.equals(MainLog.SYSLOG) ? Optional.empty() : Optional.of(Path.of(file));
  }

  CompletableFuture<Object> readLog(int offset, int length) {
    return engine.call(LogMethods::mainLogPath).thenApplyAsync(path -> {
      if (path.isEmpty() || !Files.exists(path.get())) {
        throw new Fault(FaultCode.NO_FILE, path.map(Path::toString).orElse(null));
      }
      return LogFiles.read(path.get(), offset, length);
    }, engine.io);
  }

  CompletableFuture<Object> clearLog() {
    return engine.call(LogMethods::mainLogPath).thenApplyAsync(path -> {
      if (path.isEmpty()) {
        throw new Fault(FaultCode.NO_FILE);
      }
      try {
        Files.delete(path.get());
      } catch (java.nio.file.NoSuchFileException e) {
        throw new Fault(FaultCode.NO_FILE, path.get());
      } catch (IOException e) {
        throw new Fault(FaultCode.FAILED);
      }
      control.reopenMainLog();
      return true;
    }, engine.io);
  }

  /**
   * Deletes and reopens both logs of a running process. A stopped process has no open log in
   * supervisord, so nothing is deleted and the answer is still true.
   */
  static void clearProcessLogs(ManagedProcess p) {
    if (p.pid() == 0) {
      return;
    }
    try {
      p.logs().clear();
    } catch (IOException e) {
      throw new Fault(FaultCode.FAILED, p.namespec());
    }
  }

  CompletableFuture<Object> clearProcessLogs(String name) {
    return engine.call(s -> {
      clearProcessLogs(EngineAccess.process(s, name));
      return true;
    });
  }

  /**
   * What may wait, per process, for a child to read its stdin: a bound on the daemon's memory,
   * and as much as the largest request body brings in one call.
   */
  static final long MAX_PENDING_STDIN = 4L * 1024 * 1024;

  CompletableFuture<Object> clearAllProcessLogs() {
    return engine.call(s -> {
      var results = new ArrayList<Object>();
      for (ManagedProcess p : EngineAccess.byPriority(s)) {
        try {
          clearProcessLogs(p);
          results.add(ProcessControl.entry(p, null));
        } catch (Fault f) {
          results.add(ProcessControl.entry(p, f));
        }
      }
      return results;
    });
  }

  CompletableFuture<Object> sendProcessStdin(String name, Object chars) {
    byte[] bytes;
    if (chars instanceof String str) {
      bytes = str.getBytes(StandardCharsets.UTF_8);
    } else if (chars instanceof byte[] b) {
      bytes = b;
    } else {
      throw new Fault(FaultCode.INCORRECT_PARAMETERS, chars);
    }
    return engine.call(s -> {
      ManagedProcess p = EngineAccess.process(s, name);
      if (p.pid() == 0 || p.state() == ProcessState.STOPPING) {
        throw new Fault(FaultCode.NOT_RUNNING, name);
      }
      StdinWriter stdin = s.stdinOf(p).filter(StdinWriter::open)
          .orElseThrow(() -> new Fault(FaultCode.NO_FILE, name));
      if (stdin.pendingBytes() + bytes.length > MAX_PENDING_STDIN) {
        // supervisord's buffer has no bound; ours refuses the whole call, so nothing is cut.
        throw new Fault(FaultCode.FAILED, name + ": stdin buffer full ("
            + stdin.pendingBytes() + " bytes waiting, at most " + MAX_PENDING_STDIN + ")");
      }
      if (!stdin.write(bytes)) {
        throw new Fault(FaultCode.NO_FILE, name);
      }
      return true;
    });
  }
}
