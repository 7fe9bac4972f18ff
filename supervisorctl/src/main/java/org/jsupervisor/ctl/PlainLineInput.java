package org.jsupervisor.ctl;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Lines from a stream, without line editing: what a pipe gets, and a terminal outside the shell.
 * Prompts go to stdout, as Python's {@code input()} writes them when stdin is not a terminal.
 *
 * <p>A blocking read of stdin cannot be interrupted, so a helper thread does the reading and
 * {@link #readLine} waits for its result, which Ctrl-C (a thread interrupt) can cut short. The helper
 * reads only when a line has been asked for: a line that arrives after its reader gave up is kept
 * for the next {@code readLine} instead of being lost, and nothing is read ahead of a password
 * prompt that reads the terminal directly.
 */
public final class PlainLineInput implements LineInput {
  private final BufferedReader in;
  private final PrintStream out;
  private final Console console;
  private final Semaphore asked = new Semaphore(0);
  private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
  private boolean awaiting; // a line has been asked for and not yet taken
  private Thread reader;

  /** @param console the terminal for password prompts, or null to read them from {@code in} */
  public PlainLineInput(InputStream in, PrintStream out, Console console) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
    this.console = console;
  }

  @Override
  public synchronized String readLine(String prompt) throws IOException {
    out.print(prompt);
    out.flush();
    if (!awaiting) {
      awaiting = true;
      startReader();
      asked.release();
    }
    Line line;
    try {
      line = lines.take();
    } catch (InterruptedException e) {
      throw new LineInterruptedException("");
    }
    awaiting = false;
    if (line.error() != null) {
      throw line.error();
    }
    return line.text();
  }

  private void startReader() {
    if (reader != null) {
      return;
    }
    reader = new Thread(() -> {
      try {
        while (true) {
          asked.acquire();
          Line line;
          try {
            line = new Line(in.readLine(), null);
          } catch (IOException e) {
            line = new Line(null, e);
          }
          lines.add(line);
        }
      } catch (InterruptedException e) {
        // Never interrupted; a daemon thread ends with the program.
      }
    }, "stdin");
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public String readPassword(String prompt) throws IOException {
    if (console != null) {
      char[] chars = console.readPassword("%s", prompt);
      return chars == null ? null : new String(chars);
    }
    return readLine(prompt);
  }

  @Override
  public boolean isTerminal() {
    return console != null;
  }

  /** A line read (null text at end of input), or the error reading it. */
  private record Line(String text, IOException error) {}
}
