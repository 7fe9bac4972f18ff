package org.jsupervisor.ctl.command;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.List;
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
        ctl.output("ERROR: " + faultRepr(e));
      }
      return false;
    }
    ctl.output("==> Press Ctrl-C to exit <==");
    Thread stdout = stream(ctl, "/logtail/" + name + "/stdout");
    Thread stderr = stream(ctl, "/logtail/" + name + "/stderr");
    // Like Python's, this thread reads the lines and sends them; the streams have threads of their own.
    ctl.interrupts().begin();
    try {
      for (String line = ctl.input().readLine(""); line != null; line = ctl.input().readLine("")) {
        try {
          rpc.call("supervisor.sendProcessStdin", name, line + "\n");
        } catch (Fault e) {
          ctl.output(e.code() == Faults.NOT_RUNNING ? "Process got killed" : "ERROR: " + faultRepr(e));
          ctl.output("Exiting foreground");
          return false;
        }
        if (state(rpc.struct("supervisor.getProcessInfo", name)) != RUNNING) {
          ctl.output("Process got killed");
          ctl.output("Exiting foreground");
          return false;
        }
      }
    } catch (InterruptedIOException | ClosedByInterruptException e) {
      // Ctrl-C, while reading a line or talking to the server
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

  /** How Python prints an {@code xmlrpclib.Fault}: {@code <Fault 10: 'BAD_NAME: x'>}. */
  private static String faultRepr(Fault e) {
    return "<Fault " + e.code() + ": " + org.jsupervisor.config.PyRepr.of(e.faultString()) + ">";
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
