package org.jsupervisor.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The interactive shell: runs {@code status} first, then reads lines after a {@code <prompt>> }
 * prompt until {@code quit}, {@code exit} or end of input. With a history file, the lines typed
 * are appended to it when the shell ends (plain lines, as GNU readline writes them).
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
    try {
      if (ctl.onecmd("status")) {
        return;
      }
      while (true) {
        String line = ctl.input().readLine(ctl.prompt());
        if (line == null) {
          line = "EOF";
        } else if (!line.isBlank()) {
          history.add(line);
        }
        if (ctl.onecmd(line)) {
          return;
        }
      }
    } finally {
      saveHistory();
    }
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
