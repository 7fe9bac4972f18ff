package org.jsupervisor.ctl.command;

import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;

/** {@code restart}: {@code stop} then {@code start} with the same names. */
public final class RestartCommand implements Command {
  private final Command stop = new StopCommand();
  private final Command start = new StartCommand();

  @Override
  public String name() {
    return "restart";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    if (!ctl.upcheck()) {
      return false;
    }
    if (Args.split(arg).isEmpty()) {
      return usageError(ctl, "Error: restart requires a process name", ExitStatus.GENERIC);
    }
    stop.run(ctl, arg);
    start.run(ctl, arg);
    return false;
  }

  @Override
  public String help() {
    return "restart <name>\t\tRestart a process\n"
        + "restart <gname>:*\tRestart all processes in a group\n"
        + "restart <name> <name>\tRestart multiple processes or groups\n"
        + "restart all\t\tRestart all processes\n"
        + "Note: restart does not reread config files. For that, see reread and update.";
  }
}
