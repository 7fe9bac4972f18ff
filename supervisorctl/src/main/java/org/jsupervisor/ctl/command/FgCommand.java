package org.jsupervisor.ctl.command;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;

/**
 * {@code fg name}: streams a running process's stdout and stderr and sends each typed line to its
 * stdin, until Ctrl-C, end of input, or the process stops.
 */
public final class FgCommand implements Command {
  private static final int RUNNING = 20;

  @Override
  public String name() {
    return "fg";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    if (!ctl.upcheck()) {
      return false;
    }
    List<String> names = Args.split(arg);
    if (names.isEmpty()) {
      return usageError(ctl, "ERROR: no process name supplied", ExitStatus.GENERIC);
    }
    if (names.size() > 1) {
      ctl.output("ERROR: too many process names supplied");
      ctl.setExitStatus(ExitStatus.GENERIC);
      return false;
    }
    String name = names.get(0);
    var rpc = ctl.rpc();
    try {
      if (state(rpc.struct("supervisor.getProcessInfo", name)) != RUNNING) {
        ctl.output("ERROR: process not running");
        ctl.setExitStatus(ExitStatus.GENERIC);
        return false;
      }
    } catch (Fault e) {
      if (e.code() == Faults.BAD_NAME) {
        ctl.output("ERROR: bad process name supplied");
        ctl.setExitStatus(ExitStatus.GENERIC);
      } else {
        ctl.output("ERROR: <Fault " + e.code() + ": " + org.jsupervisor.config.PyRepr.of(e.faultString()) + ">");
      }
      return false;
    }
    ctl.output("==> Press Ctrl-C to exit <==");
    Thread stdout = stream(ctl, "/logtail/" + name + "/stdout");
    Thread stderr = stream(ctl, "/logtail/" + name + "/stderr");
    // Reading stdin cannot be interrupted, so a helper thread hands lines over through a queue.
    BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try {
        String line;
        do {
          line = ctl.input().readLine("");
          lines.add(Optional.ofNullable(line));
        } while (line != null);
      } catch (Exception e) {
        lines.add(Optional.empty());
      }
    }, "fg-stdin");
    reader.setDaemon(true);
    ctl.interrupts().begin();
    try {
      reader.start();
      while (true) {
        Optional<String> line = lines.take();
        if (line.isEmpty()) {
          break;
        }
        try {
          rpc.call("supervisor.sendProcessStdin", name, line.get() + "\n");
        } catch (Fault e) {
          ctl.output(e.code() == Faults.NOT_RUNNING ? "Process got killed"
              : "ERROR: <Fault " + e.code() + ": " + org.jsupervisor.config.PyRepr.of(e.faultString()) + ">");
          ctl.output("Exiting foreground");
          return false;
        }
        if (state(rpc.struct("supervisor.getProcessInfo", name)) != RUNNING) {
          ctl.output("Process got killed");
          ctl.output("Exiting foreground");
          return false;
        }
      }
    } catch (InterruptedException e) {
      // Ctrl-C
    } finally {
      ctl.interrupts().end();
      stdout.interrupt();
      stderr.interrupt();
    }
    ctl.output("Exiting foreground");
    return false;
  }

  private static Thread stream(Controller ctl, String path) {
    Thread thread = new Thread(() -> LogStream.copy(ctl, path), "fg" + path);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static int state(java.util.Map<String, Object> info) {
    return ((Number) info.get("state")).intValue();
  }

  @Override
  public String help() {
    return "fg <process>\tConnect to a process in foreground mode\n"
        + "\t\tCtrl-C to exit";
  }
}
