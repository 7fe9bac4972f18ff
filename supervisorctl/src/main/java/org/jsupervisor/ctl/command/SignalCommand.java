package org.jsupervisor.ctl.command;

import java.util.List;
import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.Namespec;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;

/** {@code signal SIG name...|group:*|all}. */
public final class SignalCommand implements Command {

  @Override
  public String name() {
    return "signal";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    if (!ctl.upcheck()) {
      return false;
    }
    List<String> args = Args.split(arg);
    if (args.size() < 2) {
      ctl.output("Error: signal requires a signal name and a process name");
      ctl.output(help());
      ctl.setExitStatus(ExitStatus.GENERIC);
      return false;
    }
    String sig = args.get(0);
    List<String> names = args.subList(1, args.size());
    var rpc = ctl.rpc();
    if (names.contains("all")) {
      Results.report(ctl, rpc.structs("supervisor.signalAllProcesses", sig),
          r -> Results.signal(r, "signalled"), -1);
      return false;
    }
    for (String name : names) {
      Namespec spec = Namespec.parse(name);
      if (spec.isGroup()) {
        try {
          Results.report(ctl, rpc.structs("supervisor.signalProcessGroup", spec.group(),
              sig), r -> Results.signal(r, "signalled"), -1);
        } catch (Fault e) {
          if (e.code() != Faults.BAD_NAME) {
            throw e;
          }
          ctl.output(spec.group() + ": ERROR (no such group)");
          ctl.setExitStatus(ExitStatus.GENERIC);
        }
      } else {
        try {
          rpc.call("supervisor.signalProcess", name, sig);
          ctl.output(Namespec.make(spec.group(), spec.process()) + ": signalled");
        } catch (Fault e) {
          ctl.output(Results.signal(Results.fromFault(e, spec), "signalled"));
          ctl.setExitStatusFromFault(e.code(), -1);
        }
      }
    }
    return false;
  }

  @Override
  public String help() {
    return "signal <signal name> <name>\t\tSignal a process\n"
        + "signal <signal name> <gname>:*\t\tSignal all processes in a group\n"
        + "signal <signal name> <name> <name>\tSignal multiple processes or groups\n"
        + "signal <signal name> all\t\tSignal all processes";
  }
}
