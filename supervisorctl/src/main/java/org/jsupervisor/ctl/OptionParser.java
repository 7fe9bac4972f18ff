package org.jsupervisor.ctl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsupervisor.config.ConfigException;
import org.jsupervisor.config.ConfigLoader;
import org.jsupervisor.config.ConfigLocator;
import org.jsupervisor.config.ConfigProblem;
import org.jsupervisor.config.PyRepr;
import org.jsupervisor.config.SupervisorctlConfig;

/**
 * Reads supervisorctl's command line the way Python's {@code getopt.getopt} does (options end at
 * the first word that is not one, long options may be abbreviated to a unique prefix) and with
 * its error messages, then merges in the {@code [supervisorctl]} section.
 */
public final class OptionParser {
  private static final String SHORT_WITH_ARG = "csupr";
  private static final String SHORT_FLAGS = "h?i";
  private static final Map<String, Boolean> LONG = new LinkedHashMap<>(); // name -> takes an argument

  static {
    LONG.put("help", false);
    LONG.put("configuration", true);
    LONG.put("interactive", false);
    LONG.put("serverurl", true);
    LONG.put("username", true);
    LONG.put("password", true);
    LONG.put("history_file", true);
  }

  /** The parse result: {@code help} set means print usage and exit 0. */
  public record Parsed(boolean help, Options options) {}

  private final String argv0;
  private final Path cwd;

  public OptionParser(String argv0, Path cwd) {
    this.argv0 = argv0;
    this.cwd = cwd;
  }

  public Parsed parse(List<String> argv) throws UsageException {
    Map<Character, String> given = new LinkedHashMap<>();
    List<String[]> options = new ArrayList<>();
    int i = 0;
    while (i < argv.size()) {
      String word = argv.get(i);
      if (word.equals("--")) {
        i++;
        break;
      }
      if (!word.startsWith("-") || word.equals("-")) {
        break;
      }
      i++;
      if (word.startsWith("--")) {
        String body = word.substring(2);
        int eq = body.indexOf('=');
        String name = eq < 0 ? body : body.substring(0, eq);
        String full = longName(name);
        String value = eq < 0 ? null : body.substring(eq + 1);
        if (LONG.get(full)) {
          if (value == null) {
            if (i >= argv.size()) {
              throw new UsageException("option --" + full + " requires argument");
            }
            value = argv.get(i++);
          }
        } else if (value != null) {
          throw new UsageException("option --" + full + " must not have an argument");
        } else {
          value = "";
        }
        options.add(new String[] {"--" + full, value});
      } else {
        for (int j = 1; j < word.length(); j++) {
          char c = word.charAt(j);
          if (SHORT_WITH_ARG.indexOf(c) >= 0) {
            String value;
            if (j + 1 < word.length()) {
              value = word.substring(j + 1);
            } else if (i < argv.size()) {
              value = argv.get(i++);
            } else {
              throw new UsageException("option -" + c + " requires argument");
            }
            options.add(new String[] {"-" + c, value});
            break;
          } else if (SHORT_FLAGS.indexOf(c) >= 0) {
            options.add(new String[] {"-" + c, ""});
          } else {
            throw new UsageException("option -" + c + " not recognized");
          }
        }
      }
    }
    List<String> args = List.copyOf(argv.subList(i, argv.size()));

    boolean interactiveFlag = false;
    for (String[] option : options) {
      char key = shortKey(option[0]);
      switch (key) {
        case 'h', '?' -> {
          return new Parsed(true, null);
        }
        case 'i' -> interactiveFlag = true;
        default -> {
          if (key == 's' && !looksLikeUrl(option[1])) {
            throw new UsageException("invalid value for " + option[0] + " " + PyRepr.of(option[1])
                + ": value " + PyRepr.of(option[1]) + " is not a URL");
          }
          if (given.containsKey(key)) {
            throw new UsageException("conflicting command line option " + PyRepr.of(option[0]));
          }
          given.put(key, option[1]);
        }
      }
    }

    SupervisorctlConfig config = readConfig(Optional.ofNullable(given.get('c')));
    String serverurl = given.getOrDefault('s', config.serverurl());
    String username = given.containsKey('u') ? given.get('u') : config.username().orElse(null);
    String password = given.containsKey('p') ? given.get('p') : config.password().orElse(null);
    // Python stores -r where nothing reads it; we honour it, since asking for history and not
    // getting any helps nobody.
    String history = given.containsKey('r') ? given.get('r') : config.historyFile().orElse(null);
    boolean interactive = interactiveFlag || args.isEmpty();
    return new Parsed(false, new Options(serverurl, username, password, config.prompt(), history, interactive, args));
  }

  private static char shortKey(String option) {
    return switch (option) {
      case "--help" -> 'h';
      case "--configuration" -> 'c';
      case "--interactive" -> 'i';
      case "--serverurl" -> 's';
      case "--username" -> 'u';
      case "--password" -> 'p';
      case "--history_file" -> 'r';
      default -> option.charAt(1);
    };
  }

  /** getopt's long-option lookup: an exact name, else a unique prefix. */
  private static String longName(String name) throws UsageException {
    if (LONG.containsKey(name)) {
      return name;
    }
    List<String> candidates = LONG.keySet().stream().filter(n -> n.startsWith(name)).toList();
    if (candidates.isEmpty()) {
      throw new UsageException("option --" + name + " not recognized");
    }
    if (candidates.size() > 1) {
      throw new UsageException("option --" + name + " not a unique prefix");
    }
    return candidates.get(0);
  }

  /** supervisor's {@code url} check, on top of {@code urlparse}: a scheme and a location or path. */
  private static boolean looksLikeUrl(String value) {
    int colon = value.indexOf(':');
    if (colon <= 0 || !value.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      return false;
    }
    return colon + 1 < value.length();
  }

  private SupervisorctlConfig readConfig(Optional<String> explicit) throws UsageException {
    Optional<Path> file = explicit.map(Path::of).or(() -> ConfigLocator.locate(argv0, cwd));
    if (file.isEmpty()) {
      return SupervisorctlConfig.DEFAULTS;
    }
    try {
      return ConfigLoader.loadSupervisorctl(file.get());
    } catch (ConfigException e) {
      ConfigProblem first = e.problems().get(0);
      boolean plain = e.problems().size() == 1 && first.line() == 0 && first.section().isEmpty()
          && first.option().isEmpty();
      throw new UsageException(plain ? first.message() : e.getMessage());
    }
  }

  /**
   * supervisorctl 4.2.5's usage text, byte for byte with only the program name filled in, since
   * scripts and people compare it with supervisorctl's.
   */
  public static String usage(String progname) {
    return """
        supervisorctl -- control applications run by supervisord from the cmd line.

        Usage: %s [options] [action [arguments]]

        Options:
        -c/--configuration FILENAME -- configuration file path (searches if not given)
        -h/--help -- print usage message and exit
        -i/--interactive -- start an interactive shell after executing commands
        -s/--serverurl URL -- URL on which supervisord server is listening
             (default "http://localhost:9001").
        -u/--username USERNAME -- username to use for authentication with server
        -p/--password PASSWORD -- password to use for authentication with server
        -r/--history-file -- keep a readline history (if readline is available)

        action [arguments] -- see below

        Actions are commands like "tail" or "stop".  If -i is specified or no action is
        specified on the command line, a "shell" interpreting actions typed
        interactively is started.  Use the action "help" to find out about available
        actions.

        """
        .replace("%s", progname);
  }
}
