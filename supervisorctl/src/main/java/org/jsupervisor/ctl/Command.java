package org.jsupervisor.ctl;

/** One supervisorctl action ({@code do_<name>} in Python's controller plugin). */
public interface Command {

  /** The word that invokes it. */
  String name();

  /**
   * Runs the command with the rest of the line. Connection failures, faults and protocol errors
   * that the command does not handle itself propagate to {@link Controller#onecmd}.
   *
   * @return true when the shell should stop (quit, exit, EOF)
   */
  boolean run(Controller ctl, String arg) throws Exception;

  /** The text {@code help <name>} prints, or null when there is none. */
  String help();

  /**
   * Reports bad arguments as supervisorctl does: the message, then the command's help, with
   * {@code status} as the exit status. Returns false (the shell goes on), for {@code return}.
   */
  default boolean usageError(Controller ctl, String message, int status) {
    ctl.output(message);
    ctl.setExitStatus(status);
    ctl.output(help());
    return false;
  }
}
