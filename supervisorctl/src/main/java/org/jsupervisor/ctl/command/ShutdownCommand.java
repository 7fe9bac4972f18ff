package org.jsupervisor.ctl.command;

import java.io.IOException;
import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;
import org.jsupervisor.ctl.SocketError;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;
import org.jsupervisor.ctl.rpc.HttpStatusException;

/** {@code shutdown}: asks supervisord to exit (after a y/N question in the shell). */
public final class ShutdownCommand implements Command {

  @Override
  public String name() {
    return "shutdown";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    if (!arg.isEmpty()) {
      return usageError(ctl, "Error: shutdown accepts no arguments", ExitStatus.GENERIC);
    }
    if (!Confirm.really(ctl, "Really shut the remote supervisord process down y/N? ")) {
      return false;
    }
    try {
      ctl.rpc().call("supervisor.shutdown");
      ctl.output("Shut down");
    } catch (Fault e) {
      if (e.code() != Faults.SHUTDOWN_STATE) {
        ctl.setExitStatus(ExitStatus.GENERIC);
        throw e;
      }
      ctl.output("ERROR: already shutting down");
    } catch (HttpStatusException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      ctl.setExitStatus(ExitStatus.GENERIC);
      SocketError socketError = SocketError.classify(e);
      if (socketError != null && socketError.errno() == SocketError.ECONNREFUSED) {
        ctl.output("ERROR: " + ctl.serverurl() + " refused connection (already shut down?)");
      } else if (socketError != null && socketError.errno() == SocketError.ENOENT) {
        ctl.output("ERROR: " + ctl.serverurl() + " no such file (already shut down?)");
      } else {
        throw e;
      }
    }
    return false;
  }

  @Override
  public String help() {
    return "shutdown \tShut the remote supervisord down.";
  }
}
