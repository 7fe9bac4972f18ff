package org.jsupervisor.ctl.command;

import java.util.ArrayList;
import java.util.List;
import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;

/** {@code tail [-f|-N] name [stdout|stderr]}: the last bytes of a process log, or its live stream. */
public final class TailCommand implements Command {

  @Override
  public String name() {
    return "tail";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    if (!ctl.upcheck()) {
      return false;
    }
    List<String> args = new ArrayList<>(Args.split(arg));
    if (args.isEmpty()) {
      return usageError(ctl, "Error: too few arguments", ExitStatus.GENERIC);
    }
    if (args.size() > 3) {
      return usageError(ctl, "Error: too many arguments", ExitStatus.GENERIC);
    }
    String modifier = args.get(0).startsWith("-") ? args.remove(0) : null;
    String name;
    String channel;
    if (args.size() == 1) {
      name = args.get(0);
      channel = "stdout";
    } else if (!args.isEmpty()) {
      name = args.get(0);
      channel = args.get(args.size() - 1).toLowerCase();
      if (!channel.equals("stderr") && !channel.equals("stdout")) {
        ctl.output("Error: bad channel " + org.jsupervisor.config.PyRepr.of(channel));
        ctl.setExitStatus(ExitStatus.GENERIC);
        return false;
      }
    } else {
      ctl.output("Error: tail requires process name");
      ctl.setExitStatus(ExitStatus.GENERIC);
      return false;
    }
    Integer bytes = 1600;
    if (modifier != null) {
      String what = modifier.substring(1);
      if (what.equals("f")) {
        bytes = null;
      } else {
        bytes = PyInt.parse(what);
        if (bytes == null) {
          ctl.output("Error: bad argument " + modifier);
          ctl.setExitStatus(ExitStatus.GENERIC);
          return false;
        }
      }
    }
    if (bytes == null) {
      LogStream.follow(ctl, "/logtail/" + name + "/" + channel);
      return false;
    }
    String method = channel.equals("stdout") ? "supervisor.readProcessStdoutLog" : "supervisor.readProcessStderrLog";
    try {
      ctl.output(ctl.rpc().string(method, name, -bytes, 0));
    } catch (Fault e) {
      ctl.setExitStatus(ExitStatus.GENERIC);
      switch (e.code()) {
        case Faults.NO_FILE -> ctl.output(name + ": ERROR (no log file)");
        case Faults.FAILED -> ctl.output(name + ": ERROR (unknown error reading log)");
        case Faults.BAD_NAME -> ctl.output(name + ": ERROR (no such process name)");
        default -> throw e;
      }
    }
    return false;
  }

  @Override
  public String help() {
    return "tail [-f] <name> [stdout|stderr] (default stdout)\n"
        + "Ex:\n"
        + "tail -f <name>\t\tContinuous tail of named process stdout\n"
        + "\t\t\tCtrl-C to exit.\n"
        + "tail -100 <name>\tlast 100 *bytes* of process stdout\n"
        + "tail <name> stderr\tlast 1600 *bytes* of process stderr";
  }
}
