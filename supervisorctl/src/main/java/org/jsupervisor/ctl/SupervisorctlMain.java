package org.jsupervisor.ctl;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * supervisorctl: runs one action given on the command line, or the interactive shell.
 * {@link #run} is the entry point for tests; {@link #main} adds the real terminal, Ctrl-C
 * handling and {@code System.exit}.
 */
public final class SupervisorctlMain {
  private SupervisorctlMain() {}

  public static void main(String[] args) {
    var out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    var err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    Shell[] shell = new Shell[1];
    var interrupts = new Interrupts(() -> {
      // Ctrl-C outside a stream: Python's shell prints a newline and exits 0; a single action dies.
      if (shell[0] != null) {
        shell[0].saveHistory();
      }
      out.print('\n');
      out.flush();
      Runtime.getRuntime().halt(shell[0] != null ? 0 : 130);
    }).installSigint();
    int status = run(args, System.in, out, err, new Environment(argv0(), Path.of("").toAbsolutePath(),
        System.console(), interrupts, s -> shell[0] = s));
    out.flush();
    System.exit(status);
  }

  /** Runs supervisorctl with the given streams; returns the exit status. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return run(args, in, out, err, new Environment("supervisorctl", Path.of("").toAbsolutePath(), null,
        new Interrupts(() -> { }), s -> { }));
  }

  /** Runs supervisorctl in {@code env}; returns the exit status. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Environment env) {
    Options options;
    try {
      OptionParser.Parsed parsed = new OptionParser(env.argv0(), env.cwd()).parse(List.of(args));
      if (parsed.help()) {
        out.print(OptionParser.usage(env.argv0()));
        out.flush();
        return 0;
      }
      options = parsed.options();
    } catch (UsageException e) {
      err.print("Error: " + e.getMessage() + "\n");
      err.print("For help, use " + env.argv0() + " -h\n");
      err.flush();
      return 2;
    }
    var input = new PlainLineInput(in, out, env.console());
    options = askPassword(options, input, args);
    var ctl = new Controller(options, out, err, input, env.interrupts());
    try {
      if (!options.args().isEmpty()) {
        ctl.onecmd(String.join(" ", options.args()));
        return ctl.exitStatus();
      }
      var shell = new Shell(ctl, options.historyFile());
      env.shellStarted().accept(shell);
      shell.run();
      return 0; // the shell always exits 0, whatever its commands did
    } catch (IOException e) {
      err.print("error: " + e + "\n");
      return 1;
    } finally {
      out.flush();
      ctl.close();
    }
  }

  /**
   * A user name given with {@code -u} but no password anywhere: ask for it on the terminal, so the
   * password need not appear in the process list. Without a terminal nothing is asked, and the
   * server's 401 is reported as Python's supervisorctl reports it.
   */
  private static Options askPassword(Options options, LineInput input, String[] args) {
    boolean userOnCommandLine = List.of(args).stream().anyMatch(a -> a.startsWith("-u") || a.startsWith("--u"));
    if (options.username() == null || options.password() != null || !userOnCommandLine || !input.isTerminal()) {
      return options;
    }
    try {
      String password = input.readPassword("Password:");
      return password == null ? options : new Options(options.serverurl(), options.username(), password,
          options.prompt(), options.historyFile(), options.interactive(), options.args());
    } catch (IOException e) {
      return options;
    }
  }

  private static String argv0() {
    String argv0 = System.getProperty("jsupervisor.argv0");
    return argv0 == null || argv0.isEmpty() ? "supervisorctl" : argv0;
  }

  /**
   * What the process provides besides its streams.
   *
   * @param argv0 the program path as invoked (config search, usage messages)
   * @param cwd the directory relative config paths are resolved against
   * @param console the terminal for password prompts, or null
   * @param interrupts where Ctrl-C goes
   * @param shellStarted told when the interactive shell begins (for history saving on Ctrl-C)
   */
  public record Environment(String argv0, Path cwd, java.io.Console console, Interrupts interrupts,
      java.util.function.Consumer<Shell> shellStarted) {}
}
