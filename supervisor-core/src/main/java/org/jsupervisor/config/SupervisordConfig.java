package org.jsupervisor.config;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code [supervisord]} section, with supervisord's defaults applied.
 *
 * @param logfile absolute path of the main log, or {@code syslog}
 * @param umask applied only when daemonizing, as supervisord does
 * @param directory chdir target, applied only when daemonizing
 * @param environment added to every child's environment, in config order
 */
public record SupervisordConfig(
    String logfile,
    long logfileMaxBytes,
    int logfileBackups,
    LogLevel loglevel,
    String pidfile,
    int umask,
    boolean nodaemon,
    boolean silent,
    int minfds,
    int minprocs,
    boolean nocleanup,
    String childlogdir,
    Optional<UserId> user,
    Optional<String> directory,
    boolean stripAnsi,
    Map<String, String> environment,
    String identifier) {}
