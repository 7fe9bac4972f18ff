package org.jsupervisor.ctl.command;

import java.util.List;
import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;

/** {@code pid}, {@code pid all}, {@code pid name...}: a non-running process prints 0 and exits 7. */
public final class PidCommand implements Command {

  @Override
  public String name() {
    return "pid";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    if (!ctl.upcheck()) {
      return false;
    }
    var rpc = ctl.rpc();
    List<String> names = Args.split(arg);
    if (names.isEmpty()) {
      ctl.output(String.valueOf(rpc.call("supervisor.getPID")));
    } else if (names.contains("all")) {
      for (var info : ctl.allProcessInfo()) {
        ctl.output(String.valueOf(info.get("pid")));
      }
    } else {
      for (String name : names) {
        try {
          var info = rpc.struct("supervisor.getProcessInfo", name);
          int pid = ((Number) info.get("pid")).intValue();
          ctl.output(String.valueOf(pid));
          if (pid == 0) {
            ctl.setExitStatus(ExitStatus.NOT_RUNNING);
          }
        } catch (Fault e) {
          ctl.setExitStatus(ExitStatus.GENERIC);
          if (e.code() != Faults.BAD_NAME) {
            throw e;
          }
          ctl.output("No such process " + name);
        }
      }
    }
    return false;
  }

  @Override
  public String help() {
    return "pid\t\t\tGet the PID of supervisord.\n"
        + "pid <name>\t\tGet the PID of a single child process by name.\n"
        + "pid all\t\t\tGet the PID of every child process, one per line.";
  }
}
