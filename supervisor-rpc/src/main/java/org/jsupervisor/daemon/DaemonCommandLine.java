package org.jsupervisor.daemon;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jsupervisor.config.LogLevel;
import org.jsupervisor.config.PyRepr;

/**
 * supervisord's command line: {@code supervisord [options]}.
 *
 * <p>Hand-written rather than picocli because scripts and operators see supervisord's exact
 * behaviour, which is Python's {@code getopt} plus supervisord's option loop, and picocli differs
 * in ways that show: it permutes options after positionals, has its own error texts, does not
 * accept unique prefixes of long options ({@code --nod}), and validates values before it has seen
 * the whole command line. The order of checks here is supervisord's: first every argument is
 * split into options (getopt errors), then positional arguments are refused, then options are
 * handled left to right, each one converted (invalid value), acted on ({@code -h}/{@code -v} exit
 * at once) and checked for a repeat (conflicting option).
 *
 * <p>One option is ours: {@code --check-config} (see {@link CheckConfig}). It must be spelled in
 * full, so that every abbreviation supervisord accepts ({@code --ch} for {@code --childlogdir})
 * still means what it means there.
 */
public final class DaemonCommandLine {
  /** The supervisord version we are compatible with, printed by {@code -v}. */
  public static final String VERSION = "4.2.5";

  private static final String SHORT_OPTIONS = "h?c:vnu:m:d:l:y:z:e:j:i:q:a:kts";
  private static final List<String> LONG_OPTIONS =
      List.of(
          "help", "configuration=", "version", "nodaemon", "user=", "umask=", "directory=",
          "logfile=", "logfile_maxbytes=", "logfile_backups=", "loglevel=", "pidfile=",
          "identifier=", "childlogdir=", "minfds=", "minprocs=", "nocleanup", "strip_ansi",
          "profile_options=", "silent");
  /** Our own long option, matched exactly, never as a prefix. */
  private static final String CHECK_CONFIG = "check-config";

  private DaemonCommandLine() {}

  /** What the command line asks for. */
  public sealed interface Outcome permits Run, CheckConfig, Exit, UsageError {
    /** Prints what the outcome says to print and returns the exit status (-1 for {@link Run}). */
    int print(PrintStream out, PrintStream err);
  }

  /** Start the daemon with these options. */
  public record Run(DaemonOptions options) implements Outcome {
    @Override
    public int print(PrintStream out, PrintStream err) {
      return -1;
    }
  }

  /**
   * {@code --check-config}: load the whole configuration with these options, report every error
   * and warning, and exit 0 (usable) or 2 (refused) without starting anything.
   */
  public record CheckConfig(DaemonOptions options) implements Outcome {
    @Override
    public int print(PrintStream out, PrintStream err) {
      return -1;
    }
  }

  /** {@code -h} or {@code -v}: print {@code stdout} and exit 0. */
  public record Exit(String stdout) implements Outcome {
    @Override
    public int print(PrintStream out, PrintStream err) {
      out.print(stdout);
      out.flush();
      return 0;
    }
  }

  /** A usage error: {@code Error: <message>} and {@code For help, use <argv0> -h} on stderr, exit 2. */
  public record UsageError(String argv0, String message) implements Outcome {
    public static final int EXIT_STATUS = 2;

    public String text() {
      return "Error: " + message + "\nFor help, use " + argv0 + " -h\n";
    }

    @Override
    public int print(PrintStream out, PrintStream err) {
      err.print(text());
      err.flush();
      return EXIT_STATUS;
    }
  }

  /**
   * @param argv0 the program name used in help and error texts, as supervisord uses
   *     {@code sys.argv[0]}
   * @param args the arguments after the program name
   */
  public static Outcome parse(String argv0, String[] args) {
    List<String[]> opts = new ArrayList<>();
    List<String> rest;
    try {
      rest = getopt(Arrays.asList(args), opts);
    } catch (IllegalArgumentException e) {
      return new UsageError(argv0, e.getMessage());
    }
    if (!rest.isEmpty()) {
      return new UsageError(
          argv0, "positional arguments are not supported: " + PyValues.reprList(rest));
    }
    var builder = new Builder();
    for (String[] opt : opts) {
      String name = opt[0];
      String arg = opt[1];
      if (name.equals("-h") || name.equals("--help") || name.equals("-?")) {
        return new Exit(help(argv0));
      }
      if (name.equals("-v") || name.equals("--version")) {
        return new Exit(VERSION + "\n");
      }
      try {
        if (!builder.set(name, arg)) {
          return new UsageError(
              argv0, "conflicting command line option " + PyRepr.of(name));
        }
      } catch (IllegalArgumentException e) {
        return new UsageError(
            argv0,
            "invalid value for " + name + " " + PyRepr.of(arg) + ": " + e.getMessage());
      }
    }
    return builder.flag(CHECK_CONFIG) ? new CheckConfig(builder.build()) : new Run(builder.build());
  }

  /** Python's {@code getopt.getopt}: stops at the first non-option, {@code --} ends options. */
  private static List<String> getopt(List<String> args, List<String[]> opts) {
    int i = 0;
    while (i < args.size() && args.get(i).startsWith("-") && !args.get(i).equals("-")) {
      String a = args.get(i++);
      if (a.equals("--")) {
        break;
      }
      if (a.startsWith("--")) {
        String opt = a.substring(2);
        String optarg = null;
        int eq = opt.indexOf('=');
        if (eq >= 0) {
          optarg = opt.substring(eq + 1);
          opt = opt.substring(0, eq);
        }
        String match = longOption(opt);
        boolean hasArg = match.endsWith("=");
        if (hasArg) {
          match = match.substring(0, match.length() - 1);
          if (optarg == null) {
            if (i >= args.size()) {
              throw new IllegalArgumentException("option --" + match + " requires argument");
            }
            optarg = args.get(i++);
          }
        } else if (optarg != null) {
          throw new IllegalArgumentException("option --" + match + " must not have an argument");
        }
        opts.add(new String[] {"--" + match, optarg == null ? "" : optarg});
      } else {
        String chars = a.substring(1);
        while (!chars.isEmpty()) {
          char c = chars.charAt(0);
          chars = chars.substring(1);
          int at = c == ':' ? -1 : SHORT_OPTIONS.indexOf(c);
          if (at < 0) {
            throw new IllegalArgumentException("option -" + c + " not recognized");
          }
          String optarg = "";
          if (SHORT_OPTIONS.startsWith(":", at + 1)) {
            if (chars.isEmpty()) {
              if (i >= args.size()) {
                throw new IllegalArgumentException("option -" + c + " requires argument");
              }
              chars = args.get(i++);
            }
            optarg = chars;
            chars = "";
          }
          opts.add(new String[] {"-" + c, optarg});
        }
      }
    }
    return args.subList(i, args.size());
  }

  /** An exact long option, or the only one it is a prefix of; with its trailing '=' if any. */
  private static String longOption(String opt) {
    if (opt.equals(CHECK_CONFIG)) {
      return opt;
    }
    List<String> candidates = LONG_OPTIONS.stream().filter(o -> o.startsWith(opt)).toList();
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("option --" + opt + " not recognized");
    }
    if (candidates.contains(opt)) {
      return opt;
    }
    if (candidates.contains(opt + "=")) {
      return opt + "=";
    }
    if (candidates.size() > 1) {
      throw new IllegalArgumentException("option --" + opt + " not a unique prefix");
    }
    return candidates.get(0);
  }

  /** Collects option values; a name may be set once. */
  private static final class Builder {
    private final Map<String, Object> values = new HashMap<>();

    /** Converts and stores; false when the option was already given (in any spelling). */
    boolean set(String opt, String arg) {
      String key = canonical(opt);
      Object value = convert(key, arg);
      return values.putIfAbsent(key, value) == null;
    }

    private static String canonical(String opt) {
      if (opt.startsWith("--")) {
        return opt.substring(2);
      }
      return switch (opt.charAt(1)) {
        case 'c' -> "configuration";
        case 'n' -> "nodaemon";
        case 's' -> "silent";
        case 'u' -> "user";
        case 'm' -> "umask";
        case 'd' -> "directory";
        case 'l' -> "logfile";
        case 'y' -> "logfile_maxbytes";
        case 'z' -> "logfile_backups";
        case 'e' -> "loglevel";
        case 'j' -> "pidfile";
        case 'i' -> "identifier";
        case 'q' -> "childlogdir";
        case 'k' -> "nocleanup";
        case 'a' -> "minfds";
        case 't' -> "strip_ansi";
        default -> throw new IllegalStateException("no option " + opt);
      };
    }

    private static Object convert(String key, String arg) {
      return switch (key) {
        case "nodaemon", "silent", "nocleanup", "strip_ansi", CHECK_CONFIG -> Boolean.TRUE;
        case "configuration", "user", "identifier", "profile_options" -> arg;
        case "umask" -> PyValues.parseOctal(arg);
        case "directory", "childlogdir" -> existingDirectory(arg);
        case "logfile", "pidfile" -> existingDirpath(arg);
        case "logfile_maxbytes" -> PyValues.parseByteSize(arg);
        case "logfile_backups", "minfds", "minprocs" -> toInt(PyValues.parseInt(arg), arg);
        case "loglevel" -> loggingLevel(arg);
        default -> throw new IllegalStateException("no option --" + key);
      };
    }

    DaemonOptions build() {
      return new DaemonOptions(
          get("configuration", String.class),
          flag("nodaemon"),
          flag("silent"),
          get("user", String.class),
          get("umask", Integer.class),
          get("directory", String.class),
          get("logfile", String.class),
          get("logfile_maxbytes", Long.class),
          get("logfile_backups", Integer.class),
          get("loglevel", LogLevel.class),
          get("pidfile", String.class),
          get("identifier", String.class),
          get("childlogdir", String.class),
          flag("nocleanup"),
          get("minfds", Integer.class),
          get("minprocs", Integer.class),
          flag("strip_ansi"),
          get("profile_options", String.class));
    }

    private <T> Optional<T> get(String key, Class<T> type) {
      return Optional.ofNullable(values.get(key)).map(type::cast);
    }

    private boolean flag(String key) {
      return values.containsKey(key);
    }
  }

  private static int toInt(long n, String arg) {
    if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("value out of range: " + PyRepr.of(arg));
    }
    return (int) n;
  }

  /** supervisord's {@code logging_level}: lower-cased, not stripped. */
  private static LogLevel loggingLevel(String arg) {
    Function<String, IllegalArgumentException> bad =
        v -> new IllegalArgumentException("bad logging level name " + PyRepr.of(v));
    if (!arg.equals(arg.strip())) {
      throw bad.apply(arg);
    }
    return LogLevel.parse(arg).orElseThrow(() -> bad.apply(arg));
  }

  /** supervisord's {@code existing_directory}. */
  private static String existingDirectory(String v) {
    String path = expandUser(v);
    if (Files.isDirectory(Path.of(path))) {
      return path;
    }
    throw new IllegalArgumentException(v + " is not an existing directory");
  }

  /** supervisord's {@code existing_dirpath}: a bare file name is fine, else its directory must exist. */
  private static String existingDirpath(String v) {
    String path = expandUser(v);
    int slash = path.lastIndexOf('/');
    if (slash < 0) {
      return path;
    }
    String dir = path.substring(0, slash + 1);
    if (!dir.matches("/+")) {
      dir = dir.replaceAll("/+$", "");
    }
    if (Files.isDirectory(Path.of(dir))) {
      return path;
    }
    throw new IllegalArgumentException(
        "The directory named as part of the path " + v + " does not exist");
  }

  /** Python's {@code os.path.expanduser} for {@code ~} and {@code ~/...} ({@code ~user} is kept). */
  static String expandUser(String v) {
    if (!v.equals("~") && !v.startsWith("~/")) {
      return v;
    }
    String home = System.getenv("HOME");
    if (home == null || home.isEmpty()) {
      home = System.getProperty("user.home");
    }
    if (home.length() > 1 && home.endsWith("/")) {
      home = home.substring(0, home.length() - 1);
    }
    return home + v.substring(1);
  }

  /**
   * supervisord 4.2.5's usage text, byte for byte with only the program name filled in: scripts
   * and people compare it with supervisord's. Our own options (such as {@code --check-config})
   * are documented in docs/extensions.md instead, so that this text stays identical.
   */
  static String help(String argv0) {
    return """
        supervisord -- run a set of applications as daemons.

        Usage: %s [options]

        Options:
        -c/--configuration FILENAME -- configuration file path (searches if not given)
        -n/--nodaemon -- run in the foreground (same as 'nodaemon=true' in config file)
        -s/--silent -- no logs to stdout (maps to 'silent=true' in config file)
        -h/--help -- print this usage message and exit
        -v/--version -- print supervisord version number and exit
        -u/--user USER -- run supervisord as this user (or numeric uid)
        -m/--umask UMASK -- use this umask for daemon subprocess (default is 022)
        -d/--directory DIRECTORY -- directory to chdir to when daemonized
        -l/--logfile FILENAME -- use FILENAME as logfile path
        -y/--logfile_maxbytes BYTES -- use BYTES to limit the max size of logfile
        -z/--logfile_backups NUM -- number of backups to keep when max bytes reached
        -e/--loglevel LEVEL -- use LEVEL as log level (debug,info,warn,error,critical)
        -j/--pidfile FILENAME -- write a pid file for the daemon process to FILENAME
        -i/--identifier STR -- identifier used for this instance of supervisord
        -q/--childlogdir DIRECTORY -- the log directory for child process logs
        -k/--nocleanup --  prevent the process from performing cleanup (removal of
                           old automatic child log files) at startup.
        -a/--minfds NUM -- the minimum number of file descriptors for start success
        -t/--strip_ansi -- strip ansi escape codes from process output
        --minprocs NUM  -- the minimum number of processes available for start success
        --profile_options OPTIONS -- run supervisord under profiler and output
                                     results based on OPTIONS, which  is a comma-sep'd
                                     list of 'cumulative', 'calls', and/or 'callers',
                                     e.g. 'cumulative,callers')

        """
        .replace("%s", argv0);
  }
}
