package org.jsupervisor.daemon;

/**
 * A command-line problem found after parsing (e.g. {@code -u} names no account). Its message is
 * printed as {@code Error: <message>} followed by {@code For help, use <argv0> -h}, exit 2; see
 * {@link DaemonCommandLine.UsageError}.
 */
public final class UsageException extends Exception {
  public UsageException(String message) {
    super(message);
  }
}
