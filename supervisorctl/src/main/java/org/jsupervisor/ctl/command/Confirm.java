package org.jsupervisor.ctl.command;

import java.io.IOException;
import org.jsupervisor.ctl.Controller;

/** The y/N question shutdown and reload ask in interactive mode. */
final class Confirm {
  private Confirm() {}

  static boolean really(Controller ctl, String question) throws IOException {
    if (!ctl.interactive()) {
      return true;
    }
    String answer = ctl.input().readLine(question);
    return answer != null && answer.toLowerCase().startsWith("y");
  }
}
