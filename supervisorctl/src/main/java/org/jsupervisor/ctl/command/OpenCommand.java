package org.jsupervisor.ctl.command;

import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.ExitStatus;

/** {@code open URL}: switches to another server, then shows its status (keeping the exit status). */
public final class OpenCommand implements Command {
  private final Command status = new StatusCommand();

  @Override
  public String name() {
    return "open";
  }

  @Override
  public boolean run(Controller ctl, String arg) throws Exception {
    String url = arg.strip();
    int colon = url.indexOf(':');
    String scheme = colon > 0 ? url.substring(0, colon).toLowerCase() : "";
    if (!scheme.equals("unix") && !scheme.equals("http")) {
      ctl.output("ERROR: url must be http:// or unix://");
      ctl.setExitStatus(ExitStatus.GENERIC);
      return false;
    }
    ctl.setServerurl(url);
    int before = ctl.exitStatus();
    status.run(ctl, "");
    ctl.setExitStatus(before);
    return false;
  }

  @Override
  public String help() {
    return "open <url>\tConnect to a remote supervisord process.\n"
        + "\t\t(for UNIX domain socket, use unix:///socket/path)";
  }
}
