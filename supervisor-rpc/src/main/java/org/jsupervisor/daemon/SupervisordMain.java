package org.jsupervisor.daemon;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jsupervisor.config.Config;
import org.jsupervisor.config.ConfigException;
import org.jsupervisor.config.ConfigLoader;
import org.jsupervisor.config.ConfigLocator;
import org.jsupervisor.config.ConfigProblem;
import org.jsupervisor.config.SupervisordConfig;

/**
 * {@code supervisord}: parses the command line and the configuration, refusing bad input with
 * supervisord's {@code Error: ...} lines and exit status 2, then detaches (unless
 * {@code nodaemon}) and hands over to {@link Daemon}.
 */
public final class SupervisordMain {
  /** Set in the environment of the detached copy, so it knows not to detach again. */
  static final String DETACHED_ENV = "JSUPERVISOR_DETACHED";

  private SupervisordMain() {}

  public static void main(String[] args) {
    String argv0 = System.getProperty("jsupervisor.argv0", "supervisord");
    System.exit(run(argv0, args, System.out, System.err));
  }

  static int run(String argv0, String[] args, PrintStream out, PrintStream err) {
    var outcome = DaemonCommandLine.parse(argv0, args);
    int status = outcome.print(out, err);
    if (outcome instanceof DaemonCommandLine.CheckConfig check) {
      return ConfigCheck.run(argv0, check.options(), out, err);
    }
    if (!(outcome instanceof DaemonCommandLine.Run run)) {
      return status;
    }
    DaemonOptions options = run.options();
    Optional<Path> file = configFile(argv0, options);
    if (file.isEmpty()) {
      return usageError(err, argv0, ConfigLocator.notFoundMessage(argv0));
    }
    Config config;
    try {
      config = load(file.get(), options);
    } catch (ConfigException e) {
      for (ConfigProblem p : e.problems()) {
        err.println("Error: " + p);
      }
      err.println("For help, use " + argv0 + " -h");
      return DaemonCommandLine.UsageError.EXIT_STATUS;
    } catch (UsageException e) {
      return usageError(err, argv0, e.getMessage());
    }
    if (!config.supervisord().nodaemon() && System.getenv(DETACHED_ENV) == null) {
      return Detach.detach(config, err);
    }
    return new Daemon(file.get(), options, config, System.getenv(DETACHED_ENV) != null).run();
  }

  static Optional<Path> configFile(String argv0, DaemonOptions options) {
    if (options.configuration().isPresent()) {
      return Optional.of(Path.of(options.configuration().get()).toAbsolutePath());
    }
    return ConfigLocator.locate(argv0, Path.of("").toAbsolutePath());
  }

  /** Loads and validates the whole configuration with the command line laid over it. */
  static Config load(Path file, DaemonOptions options) throws ConfigException, UsageException {
    if (!Files.exists(file)) {
      throw new UsageException("could not find config file " + file);
    }
    if (!Files.isReadable(file)) {
      throw new UsageException("could not read config file " + file);
    }
    Config config = ConfigLoader.load(file);
    SupervisordConfig effective = options.applyTo(config.supervisord());
    return new Config(config.file(), effective, config.unixHttpServers(),
        config.inetHttpServers(), config.supervisorctl(), config.rpcInterfaces(), config.groups(),
        config.messages());
  }

  static int usageError(PrintStream err, String argv0, String message) {
    return new DaemonCommandLine.UsageError(argv0, message).print(System.out, err);
  }
}
