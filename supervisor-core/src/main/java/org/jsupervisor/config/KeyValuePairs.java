package org.jsupervisor.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code environment=KEY="val",KEY2=val2} the way supervisor 4.2.5 does: Python's
 * non-POSIX {@code shlex} with {@code /.+-():} added to the word characters, tokens taken four
 * at a time as key, {@code =}, value and one separator (which is not checked to be a comma).
 * Quotes around a value are stripped; there are no escapes. Later keys replace earlier ones.
 */
final class KeyValuePairs {
  private static final String EXTRA_WORD_CHARS = "/.+-():";

  private KeyValuePairs() {}

  static Map<String, String> parse(String text) throws InvalidValueException {
    List<String> tokens = tokenize(text);
    var pairs = new LinkedHashMap<String, String>();
    for (int i = 0; i < tokens.size(); i += 4) {
      if (i + 3 > tokens.size() || !tokens.get(i + 1).equals("=")) {
        throw new InvalidValueException("Unexpected end of key/value pairs in value '" + text + "'");
      }
      pairs.put(tokens.get(i), stripQuotes(tokens.get(i + 2)));
    }
    return Collections.unmodifiableMap(pairs);
  }

  /** Python's {@code str.strip('\'"')}: any run of either quote at either end. */
  private static String stripQuotes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isQuote(s.charAt(start))) {
      start++;
    }
    while (end > start && isQuote(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isQuote(char c) {
    return c == '\'' || c == '"';
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
        || EXTRA_WORD_CHARS.indexOf(c) >= 0;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /** The tokens of non-POSIX shlex; a comment ({@code #}) runs to the end of its line. */
  static List<String> tokenize(String text) throws InvalidValueException {
    var tokens = new ArrayList<String>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        i = skipLine(text, i);
      } else if (isWordChar(c)) {
        var word = new StringBuilder();
        while (i < n) {
          char w = text.charAt(i);
          if (isWordChar(w) || isQuote(w)) {
            word.append(w);
            i++;
          } else if (w == '#') {
            // shlex drops the rest of the line but keeps building the same word after it
            i = skipLine(text, i);
          } else {
            break;
          }
        }
        tokens.add(word.toString());
      } else if (isQuote(c)) {
        int close = text.indexOf(c, i + 1);
        if (close < 0) {
          throw new InvalidValueException("No closing quotation in value '" + text + "'");
        }
        tokens.add(text.substring(i, close + 1));
        i = close + 1;
      } else {
        tokens.add(String.valueOf(c));
        i++;
      }
    }
    return tokens;
  }

  private static int skipLine(String text, int from) {
    int nl = text.indexOf('\n', from);
    return nl < 0 ? text.length() : nl + 1;
  }
}
