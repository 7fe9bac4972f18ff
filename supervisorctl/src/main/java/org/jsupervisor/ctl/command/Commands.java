package org.jsupervisor.ctl.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsupervisor.ctl.Command;

/** Every command by its word. */
public final class Commands {
  private Commands() {}

  public static Map<String, Command> all() {
    List<Command> list = List.of(
        new AddCommand(), new AvailCommand(), new ClearCommand(), QuitCommand.exit(), new FgCommand(),
        new HelpCommand(), new MaintailCommand(), new OpenCommand(), new PidCommand(), QuitCommand.quit(),
        new ReloadCommand(), new RemoveCommand(), new RereadCommand(), new RestartCommand(),
        new ShutdownCommand(), new SignalCommand(), new StartCommand(), new StatusCommand(),
        new StopCommand(), new TailCommand(), new UpdateCommand(), new VersionCommand(), QuitCommand.eof());
    var map = new LinkedHashMap<String, Command>();
    list.forEach(c -> map.put(c.name(), c));
    return map;
  }
}
