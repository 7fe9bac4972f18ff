package org.jsupervisor.ctl.command;

import java.util.List;
import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.Namespec;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;

/** {@code start name...|group:*|all}; an already started process is reported but not a failure. */
public final class StartCommand implements Command {

  @Override
  public String name() {
    return "start";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    if (!ctl.upcheck()) {
      return false;
    }
    List<String> names = Args.split(arg);
    if (names.isEmpty()) {
      return usageError(ctl, "Error: start requires a process name", ExitStatus.INVALID_ARGS);
    }
    var rpc = ctl.rpc();
    if (names.contains("all")) {
      Results.report(ctl, rpc.structs("supervisor.startAllProcesses"),
          Results::start, Faults.ALREADY_STARTED);
      return false;
    }
    for (String name : names) {
      Namespec spec = Namespec.parse(name);
      if (spec.isGroup()) {
        try {
          Results.report(ctl, rpc.structs("supervisor.startProcessGroup", spec.group()),
              Results::start, Faults.ALREADY_STARTED);
        } catch (Fault e) {
          if (e.code() != Faults.BAD_NAME) {
            ctl.setExitStatus(ExitStatus.GENERIC);
            throw e;
          }
          ctl.output(spec.group() + ": ERROR (no such group)");
          ctl.setExitStatus(ExitStatus.INVALID_ARGS);
        }
      } else {
        try {
          rpc.call("supervisor.startProcess", name);
          ctl.output(Namespec.make(spec.group(), spec.process()) + ": started");
        } catch (Fault e) {
          ctl.output(Results.start(Results.fromFault(e, spec)));
          ctl.setExitStatusFromFault(e.code(), Faults.ALREADY_STARTED);
        }
      }
    }
    return false;
  }

  @Override
  public String help() {
    return "start <name>\t\tStart a process\n"
        + "start <gname>:*\t\tStart all processes in a group\n"
        + "start <name> <name>\tStart multiple processes or groups\n"
        + "start all\t\tStart all processes";
  }
}
