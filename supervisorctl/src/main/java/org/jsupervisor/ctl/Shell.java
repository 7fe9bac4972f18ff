package org.jsupervisor.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsupervisor.ctl.terminal.TerminalLineInput;

/**
 * The interactive shell: runs {@code status} first, then reads lines after a {@code <prompt>> }
 * prompt until {@code quit}, {@code exit} or end of input. On a terminal the lines are read with
 * editing, history and Tab completion; Ctrl-C discards a typed line and, on an empty one, leaves
 * as Python's shell does. With a history file, the lines typed are appended to it when the shell
 * ends (plain lines, as GNU readline writes them).
 */
public final class Shell {
  private static final int HISTORY_LENGTH = 1000;

  private final Controller ctl;
  private final String historyFile;
  private final List<String> history = new ArrayList<>();

  public Shell(Controller ctl, String historyFile) {
    this.ctl = ctl;
    this.historyFile = historyFile;
  }

  public void run() throws IOException {
    loadHistory();
    LineInput plain = ctl.input();
    try {
      if (ctl.onecmd("status")) {
        return;
      }
      if (plain.isTerminal()) {
        ctl.setInput(lineEditing(plain));
      }
      while (true) {
        boolean editing = ctl.input() != plain;
        String line;
        try {
          line = ctl.input().readLine(ctl.prompt());
        } catch (LineInterruptedException e) {
          // Only the terminal reader throws this here, and it has ended the line already: that newline
          // is all Python prints when Ctrl-C ends its shell.
          if (e.partialLine().isEmpty()) {
            return;
          }
          continue;
        }
        if (line == null) {
          if (editing) {
            return; // as for Ctrl-C: the newline "EOF" would print is on the screen already
          }
          line = "EOF";
        } else if (remember(line, editing)) {
          history.add(line);
        }
        if (ctl.onecmd(line)) {
          return;
        }
      }
    } finally {
      saveHistory();
      if (ctl.input() != plain) {
        ctl.input().close();
        ctl.setInput(plain);
      }
    }
  }

  /**
   * The terminal with line editing, or {@code plain} when JLine cannot drive it. Opened after the
   * first {@code status} so that its output is not held up by JLine's start.
   */
  private LineInput lineEditing(LineInput plain) {
    try {
      return TerminalLineInput.open(history, Completion.of(ctl), ctl.interrupts());
    } catch (IOException | RuntimeException e) {
      return plain;
    }
  }

  /**
   * Non-blank lines go into the history. On a terminal, as readline does there, not a line equal to
   * the one before it. Lines from a pipe are kept as they come (Python, which reads a pipe without
   * readline, keeps none).
   */
  private boolean remember(String line, boolean editing) {
    if (line.isBlank()) {
      return false;
    }
    return !editing || history.isEmpty() || !history.get(history.size() - 1).equals(line);
  }

  private void loadHistory() {
    if (historyFile == null) {
      return;
    }
    try {
      history.addAll(Files.readAllLines(Path.of(historyFile), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      // Like readline: a missing or unreadable history file is not worth a word.
    }
  }

  /** Writes the history; called when the shell ends, also on Ctrl-C. */
  public void saveHistory() {
    if (historyFile == null) {
      return;
    }
    List<String> kept = history.size() > HISTORY_LENGTH
        ? history.subList(history.size() - HISTORY_LENGTH, history.size()) : history;
    try {
      Files.write(Path.of(historyFile), kept, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      // Python ignores IOError when saving history too.
    }
  }
}
