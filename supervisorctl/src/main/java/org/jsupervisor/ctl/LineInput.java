package org.jsupervisor.ctl;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where typed lines come from: the shell, confirmations, credentials and {@code fg}. Prompts go to
 * stdout, as Python's {@code input()} writes them when stdin is not a terminal.
 */
public final class LineInput {
  private final BufferedReader in;
  private final PrintStream out;
  private final Console console;

  /** @param console the terminal for password prompts, or null to read them from {@code in} */
  public LineInput(InputStream in, PrintStream out, Console console) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
    this.console = console;
  }

  /** Prints {@code prompt} and reads one line without its terminator; null at end of input. */
  public String readLine(String prompt) throws IOException {
    out.print(prompt);
    out.flush();
    return in.readLine();
  }

  /** Reads a password without echo when a terminal is available; null at end of input. */
  public String readPassword(String prompt) throws IOException {
    if (console != null) {
      char[] chars = console.readPassword("%s", prompt);
      return chars == null ? null : new String(chars);
    }
    return readLine(prompt);
  }

  /** Whether a person is typing (password prompts at start-up only make sense then). */
  public boolean isTerminal() {
    return console != null;
  }
}
