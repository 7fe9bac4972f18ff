package org.jsupervisor.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code command=} line into argv exactly as Python's {@code shlex.split} (POSIX mode, no
 * comments) does for supervisord: whitespace separates words; single quotes keep everything;
 * inside double quotes a backslash escapes only {@code "} and {@code \}; elsewhere a backslash
 * escapes any character; {@code ''} is an empty word.
 */
public final class CommandLine {
  private CommandLine() {}

  /** shlex's error; the message is Python's ({@code No closing quotation}). */
  public static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ParseException(String message) {
      super(message);
    }
  }

  public static List<String> split(String command) throws ParseException {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false; // true also for a word that is so far only quotes: '' is a word
    int i = 0;
    int n = command.length();
    while (i < n) {
      char c = command.charAt(i++);
      if (isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else if (c == '\\') {
        if (i >= n) {
          throw new ParseException("No escaped character");
        }
        word.append(command.charAt(i++));
        inWord = true;
      } else if (c == '\'') {
        int end = command.indexOf('\'', i);
        if (end < 0) {
          throw new ParseException("No closing quotation");
        }
        word.append(command, i, end);
        i = end + 1;
        inWord = true;
      } else if (c == '"') {
        while (true) {
          if (i >= n) {
            throw new ParseException("No closing quotation");
          }
          char q = command.charAt(i++);
          if (q == '"') {
            break;
          }
          if (q == '\\') {
            if (i >= n) {
              throw new ParseException("No escaped character");
            }
            char next = command.charAt(i++);
            if (next != '"' && next != '\\') {
              word.append('\\'); // shlex keeps the backslash before any other character
            }
            word.append(next);
          } else {
            word.append(q);
          }
        }
        inWord = true;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** shlex's default whitespace. */
  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }
}
