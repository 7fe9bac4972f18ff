package org.jsupervisor.ctl;

import java.io.IOException;

/**
 * Where typed lines come from: the shell, confirmations, credentials and {@code fg}. Reads are
 * made one at a time, from one thread at a time.
 */
public interface LineInput extends AutoCloseable {

  /**
   * Prints {@code prompt} and reads one line without its terminator.
   *
   * @return the line, or null at end of input (Ctrl-D on a terminal)
   * @throws LineInterruptedException Ctrl-C arrived (or the reading thread was interrupted) before
   *     the line was complete
   */
  String readLine(String prompt) throws IOException;

  /** Reads a password, without echo when a person is typing; null at end of input. */
  String readPassword(String prompt) throws IOException;

  /** Whether stdin and stdout are a terminal, so a person is typing. */
  boolean isTerminal();

  /** Gives the terminal back as it was; a no-op where nothing was changed. */
  @Override
  default void close() {}
}
