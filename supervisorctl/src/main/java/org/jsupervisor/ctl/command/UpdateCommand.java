package org.jsupervisor.ctl.command;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;

/** {@code update [all|group...]}: reread, then stop and remove, replace, or add groups to match. */
public final class UpdateCommand implements Command {

  @Override
  public String name() {
    return "update";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    var rpc = ctl.rpc();
    List<Object> result;
    try {
      result = rpc.list("supervisor.reloadConfig");
    } catch (Fault e) {
      ctl.setExitStatus(ExitStatus.GENERIC);
      if (e.code() == Faults.SHUTDOWN_STATE) {
        ctl.output("ERROR: already shutting down");
        return false;
      }
      throw e;
    }
    ConfigChanges changes = ConfigChanges.of(result);
    Set<String> wanted = new LinkedHashSet<>(Args.split(arg));
    if (wanted.contains("all")) {
      wanted.clear();
    }
    if (!wanted.isEmpty()) {
      Set<String> groups = new HashSet<>();
      for (var info : ctl.allProcessInfo()) {
        groups.add(String.valueOf(info.get("group")));
      }
      groups.addAll(changes.added());
      // Python iterates a set here; with several bad names its order is arbitrary, ours is as typed.
      for (String group : wanted) {
        if (!groups.contains(group)) {
          ctl.output("ERROR: no such group: " + group);
          ctl.setExitStatus(ExitStatus.GENERIC);
        }
      }
    }
    for (String group : changes.removed()) {
      if (!wanted.isEmpty() && !wanted.contains(group)) {
        continue;
      }
      var results = rpc.structs("supervisor.stopProcessGroup", group);
      ctl.output(group + ": stopped");
      if (results.stream().anyMatch(r -> Results.status(r) == Faults.FAILED)) {
        ctl.output(group + ": has problems; not removing");
        ctl.setExitStatus(ExitStatus.GENERIC);
        continue;
      }
      rpc.call("supervisor.removeProcessGroup", group);
      ctl.output(group + ": removed process group");
    }
    for (String group : changes.changed()) {
      if (!wanted.isEmpty() && !wanted.contains(group)) {
        continue;
      }
      rpc.call("supervisor.stopProcessGroup", group);
      ctl.output(group + ": stopped");
      rpc.call("supervisor.removeProcessGroup", group);
      rpc.call("supervisor.addProcessGroup", group);
      ctl.output(group + ": updated process group");
    }
    for (String group : changes.added()) {
      if (!wanted.isEmpty() && !wanted.contains(group)) {
        continue;
      }
      rpc.call("supervisor.addProcessGroup", group);
      ctl.output(group + ": added process group");
    }
    return false;
  }

  @Override
  public String help() {
    return "update\t\t\tReload config and add/remove as necessary, and will restart affected programs\n"
        + "update all\t\tReload config and add/remove as necessary, and will restart affected programs\n"
        + "update <gname> [...]\tUpdate specific groups";
  }
}
