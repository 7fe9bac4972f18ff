package org.jsupervisor.daemon;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jsupervisor.config.ConfigMessage;
import org.jsupervisor.config.LogLevel;
import org.jsupervisor.config.SupervisordConfig;
import org.jsupervisor.config.UserId;

/**
 * The supervisord command line, already converted and validated the way supervisord's option
 * handlers do it (directories exist, sizes and levels parse). An empty value or {@code false} means
 * "not given": the config file, then the built-in default, decides.
 *
 * <p>{@code -h} and {@code -v} are not here: like supervisord, they act the moment they are
 * reached on the command line, so {@link DaemonCommandLine#parse} reports them as an outcome.
 *
 * @param configuration {@code -c}: the config file as given (may be relative)
 * @param user {@code -u}: a name or a numeric uid, resolved by {@link #applyTo}
 * @param umask {@code -m}, from octal
 * @param directory {@code -d}, {@code ~} expanded, an existing directory
 * @param logfile {@code -l}, {@code ~} expanded, its directory exists; or {@code syslog}
 * @param pidfile {@code -j}, {@code ~} expanded, its directory exists
 * @param childlogdir {@code -q}, {@code ~} expanded, an existing directory
 * @param profileOptions {@code --profile_options}: accepted for compatibility and ignored, since
 *     there is no Python profiler to run
 */
public record DaemonOptions(
    Optional<String> configuration,
    boolean nodaemon,
    boolean silent,
    Optional<String> user,
    Optional<Integer> umask,
    Optional<String> directory,
    Optional<String> logfile,
    Optional<Long> logfileMaxBytes,
    Optional<Integer> logfileBackups,
    Optional<LogLevel> loglevel,
    Optional<String> pidfile,
    Optional<String> identifier,
    Optional<String> childlogdir,
    boolean nocleanup,
    Optional<Integer> minfds,
    Optional<Integer> minprocs,
    boolean stripAnsi,
    Optional<String> profileOptions) {

  public DaemonOptions {
    Objects.requireNonNull(configuration);
    Objects.requireNonNull(user);
    Objects.requireNonNull(umask);
    Objects.requireNonNull(directory);
    Objects.requireNonNull(logfile);
    Objects.requireNonNull(logfileMaxBytes);
    Objects.requireNonNull(logfileBackups);
    Objects.requireNonNull(loglevel);
    Objects.requireNonNull(pidfile);
    Objects.requireNonNull(identifier);
    Objects.requireNonNull(childlogdir);
    Objects.requireNonNull(minfds);
    Objects.requireNonNull(minprocs);
    Objects.requireNonNull(profileOptions);
  }

  /** No option given. */
  public static DaemonOptions none() {
    return new DaemonOptions(
        Optional.empty(), false, false, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(), false,
        Optional.empty());
  }

  /** {@link #applyTo(SupervisordConfig, UserLookup)} with the system's passwd database. */
  public SupervisordConfig applyTo(SupervisordConfig config) throws UsageException {
    return applyTo(config, UserLookup.system());
  }

  /**
   * The {@code [supervisord]} settings with every option given here taking precedence over the
   * config file. Flags can only turn a setting on, as in supervisord. {@code -l} and {@code -j}
   * are made absolute (except {@code syslog}), as supervisord does with its own paths.
   *
   * @throws UsageException {@code Invalid user name <u>} / {@code Invalid user id <u>} when
   *     {@code -u} names no account; the caller prints it as a usage error (exit 2)
   */
  public SupervisordConfig applyTo(SupervisordConfig config, UserLookup users)
      throws UsageException {
    Optional<UserId> resolvedUser = config.user();
    if (user.isPresent()) {
      resolvedUser = Optional.of(users.resolve(user.get()));
    }
    return new SupervisordConfig(
        // supervisord tests these two for truth, so an empty -l/-j leaves the config's value.
        logfile.filter(v -> !v.isEmpty()).map(DaemonOptions::absoluteLogfile)
            .orElse(config.logfile()),
        logfileMaxBytes.orElse(config.logfileMaxBytes()),
        logfileBackups.orElse(config.logfileBackups()),
        loglevel.orElse(config.loglevel()),
        pidfile.filter(v -> !v.isEmpty()).map(DaemonOptions::absolute).orElse(config.pidfile()),
        umask.orElse(config.umask()),
        nodaemon || config.nodaemon(),
        silent || config.silent(),
        minfds.orElse(config.minfds()),
        minprocs.orElse(config.minprocs()),
        nocleanup || config.nocleanup(),
        childlogdir.orElse(config.childlogdir()),
        resolvedUser,
        directory.isPresent() ? directory : config.directory(),
        stripAnsi || config.stripAnsi(),
        config.environment(),
        identifier.orElse(config.identifier()));
  }

  /**
   * Lines for the main log about options accepted but not acted on (today only
   * {@code --profile_options}); log them with the config's parse messages.
   */
  public List<ConfigMessage> notes() {
    return profileOptions
        .map(v -> List.of(new ConfigMessage(LogLevel.WARN,
            "--profile_options " + v + " ignored: this supervisord has no profiler")))
        .orElse(List.of());
  }

  private static String absoluteLogfile(String path) {
    // supervisord keeps the literal word: "syslog" is a target, not a file in the CWD.
    return path.equals("syslog") ? path : absolute(path);
  }

  private static String absolute(String path) {
    return Path.of(path).toAbsolutePath().normalize().toString();
  }
}
