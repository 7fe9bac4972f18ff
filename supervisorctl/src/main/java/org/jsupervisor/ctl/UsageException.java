package org.jsupervisor.ctl;

/** A command-line or config-file problem: printed as {@code Error: <message>} plus a hint, exit 2. */
public final class UsageException extends Exception {
  public UsageException(String message) {
    super(message);
  }
}
