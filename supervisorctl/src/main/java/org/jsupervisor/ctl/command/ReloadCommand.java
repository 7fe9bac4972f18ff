package org.jsupervisor.ctl.command;

import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;

/** {@code reload}: asks supervisord to restart in place (after a y/N question in the shell). */
public final class ReloadCommand implements Command {

  @Override
  public String name() {
    return "reload";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    if (!arg.isEmpty()) {
      return usageError(ctl, "Error: reload accepts no arguments", ExitStatus.GENERIC);
    }
    if (!Confirm.really(ctl, "Really restart the remote supervisord process y/N? ")) {
      return false;
    }
    try {
      ctl.rpc().call("supervisor.restart");
      ctl.output("Restarted supervisord");
    } catch (Fault e) {
      ctl.setExitStatus(ExitStatus.GENERIC);
      if (e.code() != Faults.SHUTDOWN_STATE) {
        throw e;
      }
      ctl.output("ERROR: already shutting down");
    }
    return false;
  }

  @Override
  public String help() {
    return "reload \t\tRestart the remote supervisord.";
  }
}
