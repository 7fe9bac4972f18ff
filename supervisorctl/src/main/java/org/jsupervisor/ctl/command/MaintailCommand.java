package org.jsupervisor.ctl.command;

import java.util.List;
import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;

/** {@code maintail [-f|-N]}: the end of supervisord's own log, or its live stream. */
public final class MaintailCommand implements Command {

  @Override
  public String name() {
    return "maintail";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    if (!ctl.upcheck()) {
      return false;
    }
    List<String> args = Args.split(arg);
    int bytes = 1600;
    if (args.size() > 1) {
      return usageError(ctl, "Error: too many arguments", ExitStatus.GENERIC);
    }
    if (args.size() == 1) {
      String modifier = args.get(0);
      if (!modifier.startsWith("-")) {
        return badArgument(ctl, modifier);
      }
      String what = modifier.substring(1);
      if (what.equals("f")) {
        LogStream.follow(ctl, "/mainlogtail");
        return false;
      }
      Integer parsed = PyInt.parse(what);
      if (parsed == null) {
        return badArgument(ctl, modifier);
      }
      bytes = parsed;
    }
    try {
      ctl.output(ctl.rpc().string("supervisor.readLog", -bytes, 0));
    } catch (Fault e) {
      ctl.setExitStatus(ExitStatus.GENERIC);
      switch (e.code()) {
        case Faults.NO_FILE -> ctl.output("supervisord: ERROR (no log file)");
        case Faults.FAILED -> ctl.output("supervisord: ERROR (unknown error reading log)");
        default -> throw e;
      }
    }
    return false;
  }

  private static boolean badArgument(Controller ctl, String modifier) {
    ctl.output("Error: bad argument " + modifier);
    ctl.setExitStatus(ExitStatus.GENERIC);
    return false;
  }

  @Override
  public String help() {
    return "maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)\n"
        + "maintail -100\tlast 100 *bytes* of supervisord main log file\n"
        + "maintail\tlast 1600 *bytes* of supervisor main log file\n";
  }
}
