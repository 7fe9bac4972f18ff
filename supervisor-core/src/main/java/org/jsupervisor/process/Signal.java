package org.jsupervisor.process;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A POSIX signal by number and canonical name ({@code TERM}, without the {@code SIG} prefix).
 *
 * <p>Numbers are Linux's (identical on x86-64 and arm64 for every signal named here). Real-time
 * signals are {@code RTMIN}, {@code RTMIN+n}, {@code RTMAX-n} and {@code RTMAX} as Python's
 * {@code signal} module names them.
 */
public record Signal(int number, String name) {
  public static final int RTMIN = 34;
  public static final int RTMAX = 64;

  private static final Map<String, Integer> BY_NAME = new TreeMap<>();
  private static final String[] BY_NUMBER = new String[RTMAX + 1];

  static {
    String[] names = {
      null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
      "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
      "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"
    };
    for (int n = 1; n < names.length; n++) {
      BY_NAME.put(names[n], n);
      BY_NUMBER[n] = names[n];
    }
    BY_NAME.put("IOT", 6);
    BY_NAME.put("POLL", 29);
    BY_NAME.put("CLD", 17);
    for (int n = RTMIN; n <= RTMAX; n++) {
      String name = n == RTMIN ? "RTMIN"
          : n == RTMAX ? "RTMAX"
          : n - RTMIN <= (RTMAX - RTMIN) / 2 ? "RTMIN+" + (n - RTMIN)
          : "RTMAX-" + (RTMAX - n);
      BY_NAME.put(name, n);
      BY_NUMBER[n] = name;
    }
  }

  public static final Signal HUP = of(1);
  public static final Signal INT = of(2);
  public static final Signal KILL = of(9);
  public static final Signal USR2 = of(12);
  public static final Signal TERM = of(15);
  public static final Signal CHLD = of(17);

  /** The signal with this number, if Linux defines one. */
  public static Optional<Signal> byNumber(int number) {
    if (number < 1 || number > RTMAX || BY_NUMBER[number] == null) {
      return Optional.empty();
    }
    return Optional.of(new Signal(number, BY_NUMBER[number]));
  }

  /** Parses {@code TERM}, {@code sigterm}, {@code SIGTERM} or {@code 15}, as supervisord does. */
  public static Optional<Signal> parse(String text) {
    String s = text.strip();
    if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
      try {
        return byNumber(Integer.parseInt(s));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    String upper = s.toUpperCase(Locale.ROOT);
    if (upper.startsWith("SIG")) {
      upper = upper.substring(3);
    }
    Integer n = BY_NAME.get(upper);
    return n == null ? Optional.empty() : byNumber(n);
  }

  /** A signal number known to exist; throws for the impossible case of a bad constant. */
  public static Signal of(int number) {
    return byNumber(number).orElseThrow(() -> new IllegalArgumentException("no signal " + number));
  }

  /** The name as supervisord prints it in logs and exit messages: {@code SIGTERM}. */
  public String sigName() {
    return "SIG" + name;
  }

  @Override
  public String toString() {
    return sigName();
  }
}
