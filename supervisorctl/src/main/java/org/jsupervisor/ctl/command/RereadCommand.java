package org.jsupervisor.ctl.command;

import java.util.List;
import java.util.TreeMap;
import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;

/** {@code reread}: which groups the config file now adds, changes or drops; applies nothing. */
public final class RereadCommand implements Command {

  @Override
  public String name() {
    return "reread";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    if (!arg.isEmpty()) {
      return usageError(ctl, "Error: reread accepts no arguments", ExitStatus.GENERIC);
    }
    List<Object> result;
    try {
      result = ctl.rpc().list("supervisor.reloadConfig");
    } catch (Fault e) {
      ctl.setExitStatus(ExitStatus.GENERIC);
      switch (e.code()) {
        case Faults.SHUTDOWN_STATE -> ctl.output("ERROR: supervisor shutting down");
        case Faults.CANT_REREAD -> ctl.output("ERROR: " + e.faultString());
        default -> throw e;
      }
      return false;
    }
    ConfigChanges changes = ConfigChanges.of(result);
    // Sorted by name; a name in several lists keeps the last label, as Python's dict update does.
    var labels = new TreeMap<String, String>();
    changes.added().forEach(g -> labels.put(g, "available"));
    changes.changed().forEach(g -> labels.put(g, "changed"));
    changes.removed().forEach(g -> labels.put(g, "disappeared"));
    if (labels.isEmpty()) {
      ctl.output("No config updates to processes");
    }
    labels.forEach((group, label) -> ctl.output(group + ": " + label));
    return false;
  }

  @Override
  public String help() {
    return "reread \t\t\tReload the daemon's configuration files without add/remove";
  }
}
