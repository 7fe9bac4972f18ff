package org.jsupervisor.ctl.command;

import org.jsupervisor.ctl.Command;
import org.jsupervisor.ctl.Controller;

/** {@code quit}, {@code exit} and end of input ({@code EOF}): leave the shell after a newline. */
public final class QuitCommand implements Command {
  private final String name;
  private final String help;

  QuitCommand(String name, String help) {
    this.name = name;
    this.help = help;
  }

  static QuitCommand quit() {
    return new QuitCommand("quit", "quit\tExit the supervisor shell.");
  }

  static QuitCommand exit() {
    return new QuitCommand("exit", "exit\tExit the supervisor shell.");
  }

  /** What the shell runs at end of input; {@code help EOF} has nothing to say about it. */
  static QuitCommand eof() {
    return new QuitCommand("EOF", null);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean run(Controller ctl, String arg) {
    ctl.output("");
    return true;
  }

  @Override
  public String help() {
    return help;
  }
}
