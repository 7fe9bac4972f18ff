package org.jsupervisor.ctl.command;

import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;

/** {@code version}: the server's supervisor version. */
public final class VersionCommand implements Command {

  @Override
  public String name() {
    return "version";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    if (!arg.isEmpty()) {
      return usageError(ctl, "Error: version accepts no arguments", ExitStatus.GENERIC);
    }
    if (!ctl.upcheck()) {
      return false;
    }
    ctl.output(ctl.rpc().string("supervisor.getSupervisorVersion"));
    return false;
  }

  @Override
  public String help() {
    return "version\t\t\tShow the version of the remote supervisord process";
  }
}
