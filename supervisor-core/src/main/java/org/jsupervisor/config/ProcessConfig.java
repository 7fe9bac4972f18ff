package org.jsupervisor.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jsupervisor.process.Signal;

/**
 * One process as configured: a {@code [program:x]} with {@code numprocs=1} yields one, with
 * {@code numprocs=N} yields N, each with {@code %(process_num)} expanded.
 *
 * @param name the process name ({@code process_name} expanded)
 * @param programName the {@code x} of the section this came from
 * @param section the section name, e.g. {@code program:web}
 * @param command the command line, not yet split (split with POSIX shlex at spawn time)
 * @param exitcodes the exit codes that count as expected, in config order
 * @param killasgroup defaults to {@code stopasgroup}
 * @param stderr with {@code redirect_stderr} its file is {@link LogFile#NONE}
 * @param environment the program's own {@code environment=}, in config order (the
 *     {@code [supervisord]} environment is merged at spawn time)
 * @param directory chdir target for the child; not validated at parse time, as in supervisord
 * @param serverurl {@code SUPERVISOR_SERVER_URL} override; absent when unset or AUTO (the
 *     daemon's default then), the empty string when set empty (no variable at all)
 */
public record ProcessConfig(
    String name,
    String programName,
    String section,
    String command,
    int processNum,
    int priority,
    boolean autostart,
    int startsecs,
    int startretries,
    AutoRestart autorestart,
    List<Integer> exitcodes,
    Signal stopsignal,
    int stopwaitsecs,
    boolean stopasgroup,
    boolean killasgroup,
    Optional<UserId> user,
    boolean redirectStderr,
    StreamLogConfig stdout,
    StreamLogConfig stderr,
    Map<String, String> environment,
    Optional<String> directory,
    OptionalInt umask,
    Optional<String> serverurl) {}
