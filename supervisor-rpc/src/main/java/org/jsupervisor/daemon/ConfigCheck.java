package org.jsupervisor.daemon;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jsupervisor.config.Config;
import org.jsupervisor.config.ConfigException;
import org.jsupervisor.config.ConfigLocator;
import org.jsupervisor.config.ConfigMessage;
import org.jsupervisor.config.ConfigProblem;

/**
 * {@code supervisord --check-config} (ours, for deployment pipelines): loads the configuration
 * exactly as start-up and {@code reread} do, includes and command-line options included, and
 * starts nothing. Warnings go to stderr as {@code Warning: ...}, then errors as
 * {@code Error: ...} (the lines start-up prints); a usable file ends with one line on stdout.
 * Exit status 0 when the daemon would accept the file, 2 when it would refuse it (as start-up
 * exits 2).
 */
final class ConfigCheck {
  private ConfigCheck() {}

  static int run(String argv0, DaemonOptions options, PrintStream out, PrintStream err) {
    Optional<Path> file = SupervisordMain.configFile(argv0, options);
    if (file.isEmpty()) {
      return SupervisordMain.usageError(err, argv0, ConfigLocator.notFoundMessage(argv0));
    }
    List<ConfigMessage> messages = new ArrayList<>(options.notes());
    try {
      Config config = SupervisordMain.load(file.get(), options);
      messages.addAll(0, config.messages());
      printWarnings(messages, err);
      out.println(file.get() + ": configuration is valid");
      out.flush();
      return 0;
    } catch (ConfigException e) {
      messages.addAll(0, e.messages());
      printWarnings(messages, err);
      for (ConfigProblem p : e.problems()) {
        err.println("Error: " + p);
      }
    } catch (UsageException e) {
      err.println("Error: " + e.getMessage());
    }
    err.flush();
    return DaemonCommandLine.UsageError.EXIT_STATUS;
  }

  /** Messages at WARN or above; notes such as "Included extra file" stay for the main log. */
  private static void printWarnings(List<ConfigMessage> messages, PrintStream err) {
    messages.stream()
        .filter(ConfigMessage::isWarning)
        .forEach(m -> err.println("Warning: " + m.text()));
    err.flush();
  }
}
