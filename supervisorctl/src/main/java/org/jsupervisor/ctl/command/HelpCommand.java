package org.jsupervisor.ctl.command;

import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;

/** {@code help [command]}: the command table, or one command's usage. */
public final class HelpCommand implements Command {
  /** Python's {@code cmd.Cmd.print_topics} layout of the documented commands (columns of width 80). */
  static final String TOPICS = "\n"
      + "default commands (type help <topic>):\n"
      + "=====================================\n"
      + "add    exit      open  reload  restart   start   tail   \n"
      + "avail  fg        pid   remove  shutdown  status  update \n"
      + "clear  maintail  quit  reread  signal    stop    version\n";

  @Override
  public String name() {
    return "help";
  }

  @Override
  public boolean run(Controller ctl, String arg) {
    String topic = arg.strip();
    if (topic.equals("help")) {
      ctl.output(help());
    } else if (topic.isEmpty()) {
      ctl.out().print(TOPICS);
      ctl.output("");
    } else {
      Command command = ctl.commands().get(arg);
      String text = command == null ? null : command.help();
      ctl.output(text == null ? "*** No help on " + arg : text);
    }
    return false;
  }

  @Override
  public String help() {
    return "help\t\tPrint a list of available actions\n"
        + "help <action>\tPrint help for <action>";
  }
}
