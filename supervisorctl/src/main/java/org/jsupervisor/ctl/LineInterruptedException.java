package org.jsupervisor.ctl;

import java.io.InterruptedIOException;

/** A {@link LineInput} read cut short by Ctrl-C; carries what had been typed so far. */
public final class LineInterruptedException extends InterruptedIOException {
  private static final long serialVersionUID = 1L;

  private final String partialLine;

  public LineInterruptedException(String partialLine) {
    super("interrupted with " + partialLine.length() + " characters typed");
    this.partialLine = partialLine;
  }

  /** The text on the line when Ctrl-C came; empty when nothing had been typed. */
  public String partialLine() {
    return partialLine;
  }
}
