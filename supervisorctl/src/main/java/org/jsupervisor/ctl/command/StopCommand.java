package org.jsupervisor.ctl.command;

import java.util.List;
import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.Namespec;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;

/** {@code stop name...|group:*|all}; a process that is not running is reported but not a failure. */
public final class StopCommand implements Command {

  @Override
  public String name() {
    return "stop";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    if (!ctl.upcheck()) {
      return false;
    }
    List<String> names = Args.split(arg);
    if (names.isEmpty()) {
      return usageError(ctl, "Error: stop requires a process name", ExitStatus.GENERIC);
    }
    var rpc = ctl.rpc();
    if (names.contains("all")) {
      Results.report(ctl, rpc.structs("supervisor.stopAllProcesses"),
          r -> Results.signal(r, "stopped"), Faults.NOT_RUNNING);
      return false;
    }
    for (String name : names) {
      Namespec spec = Namespec.parse(name);
      if (spec.isGroup()) {
        try {
          Results.report(ctl, rpc.structs("supervisor.stopProcessGroup", spec.group()),
              r -> Results.signal(r, "stopped"), Faults.NOT_RUNNING);
        } catch (Fault e) {
          ctl.setExitStatus(ExitStatus.GENERIC);
          if (e.code() != Faults.BAD_NAME) {
            throw e;
          }
          ctl.output(spec.group() + ": ERROR (no such group)");
        }
      } else {
        try {
          rpc.call("supervisor.stopProcess", name);
          ctl.output(Namespec.make(spec.group(), spec.process()) + ": stopped");
        } catch (Fault e) {
          ctl.output(Results.signal(Results.fromFault(e, spec), "stopped"));
          ctl.setExitStatusFromFault(e.code(), Faults.NOT_RUNNING);
        }
      }
    }
    return false;
  }

  @Override
  public String help() {
    return "stop <name>\t\tStop a process\n"
        + "stop <gname>:*\t\tStop all processes in a group\n"
        + "stop <name> <name>\tStop multiple processes or groups\n"
        + "stop all\t\tStop all processes";
  }
}
