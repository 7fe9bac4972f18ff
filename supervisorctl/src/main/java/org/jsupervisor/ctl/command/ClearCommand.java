package org.jsupervisor.ctl.command;

import java.util.List;
import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.Namespec;
import org.jsupervisor.ctl.rpc.Fault;

/** {@code clear name...|all}: clears processes' log files. */
public final class ClearCommand implements Command {

  @Override
  public String name() {
    return "clear";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    if (!ctl.upcheck()) {
      return false;
    }
    List<String> names = Args.split(arg);
    if (names.isEmpty()) {
      return usageError(ctl, "Error: clear requires a process name", ExitStatus.GENERIC);
    }
    var rpc = ctl.rpc();
    if (names.contains("all")) {
      Results.report(ctl, rpc.structs("supervisor.clearAllProcessLogs"), Results::clear, -1);
      return false;
    }
    for (String name : names) {
      Namespec spec = Namespec.parse(name);
      try {
        rpc.call("supervisor.clearProcessLogs", name);
        ctl.output(Namespec.make(spec.group(), spec.process()) + ": cleared");
      } catch (Fault e) {
        ctl.output(Results.clear(Results.fromFault(e, spec)));
        ctl.setExitStatusFromFault(e.code(), -1);
      }
    }
    return false;
  }

  @Override
  public String help() {
    return "clear <name>\t\tClear a process' log files.\n"
        + "clear <name> <name>\tClear multiple process' log files\n"
        + "clear all\t\tClear all process' log files";
  }
}
