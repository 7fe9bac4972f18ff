package org.jsupervisor.ctl.command;

import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;

/** {@code remove group...}: deactivates stopped groups. */
public final class RemoveCommand implements Command {

  @Override
  public String name() {
    return "remove";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    for (String name : Args.split(arg)) {
      try {
        ctl.rpc().call("supervisor.removeProcessGroup", name);
        ctl.output(name + ": removed process group");
      } catch (Fault e) {
        ctl.setExitStatus(ExitStatus.GENERIC);
        switch (e.code()) {
          case Faults.STILL_RUNNING -> ctl.output("ERROR: process/group still running: " + name);
          case Faults.BAD_NAME -> ctl.output("ERROR: no such process/group: " + name);
          default -> throw e;
        }
      }
    }
    return false;
  }

  @Override
  public String help() {
    return "remove <name> [...]\tRemoves process/group from active config";
  }
}
