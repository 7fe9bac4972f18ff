package org.jsupervisor.ctl.command;

import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;

/** {@code add group...}: activates groups from the last parsed config. */
public final class AddCommand implements Command {

  @Override
  public String name() {
    return "add";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    for (String name : Args.split(arg)) {
      try {
        ctl.rpc().call("supervisor.addProcessGroup", name);
        ctl.output(name + ": added process group");
      } catch (Fault e) {
        switch (e.code()) {
          case Faults.SHUTDOWN_STATE -> {
            ctl.output("ERROR: shutting down");
            ctl.setExitStatus(ExitStatus.GENERIC);
          }
          case Faults.ALREADY_ADDED -> ctl.output("ERROR: process group already active");
          case Faults.BAD_NAME -> {
            ctl.output("ERROR: no such process/group: " + name);
            ctl.setExitStatus(ExitStatus.GENERIC);
          }
          default -> {
            ctl.setExitStatus(ExitStatus.GENERIC);
            throw e;
          }
        }
      }
    }
    return false;
  }

  @Override
  public String help() {
    return "add <name> [...]\tActivates any updates in config for process/group";
  }
}
