package org.jsupervisor.ctl.command;

import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.StatusFormatter;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;

/** {@code avail}: every configured process of the last parsed config, in use or not. */
public final class AvailCommand implements Command {

  @Override
  public String name() {
    return "avail";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    if (!arg.isEmpty()) {
      return usageError(ctl, "Error: avail accepts no arguments", ExitStatus.GENERIC);
    }
    try {
      for (var config : ctl.rpc().structs("supervisor.getAllConfigInfo")) {
        ctl.output(StatusFormatter.availLine(config));
      }
    } catch (Fault e) {
      ctl.setExitStatus(ExitStatus.GENERIC);
      if (e.code() != Faults.SHUTDOWN_STATE) {
        throw e;
      }
      ctl.output("ERROR: supervisor shutting down");
    }
    return false;
  }

  @Override
  public String help() {
    return "avail\t\t\tDisplay all configured processes";
  }
}
