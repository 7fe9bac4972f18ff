package org.jsupervisor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The keys each kind of section reads, for pointing out typos ({@code autorestrat=true}).
 * This table is the one list of them: {@link OptionReader} asserts that every key it reads is
 * listed here, so a key added to the loader without being added here fails the tests instead
 * of being reported to users as unknown. Our own extension keys belong here too.
 *
 * <p>Sections whose keys are open are not checked: {@code [rpcinterface:x]} hands every key to
 * its factory, and sections supervisord does not know ({@code [ctlplugin:x]}, other tools'
 * sections) are not ours to judge. {@code [DEFAULT]} keys reach every section, so only a
 * section's own keys are checked.
 */
final class KnownOptions {
  /** What {@code [program:x]} reads, and with it every other process section. */
  private static final List<String> PROCESS = List.of(
      "command", "process_name", "numprocs", "numprocs_start", "priority", "autostart", "autorestart",
      "startsecs", "startretries", "exitcodes", "stopsignal", "stopwaitsecs", "stopasgroup", "killasgroup",
      "user", "redirect_stderr", "stdout_logfile", "stdout_logfile_maxbytes", "stdout_logfile_backups",
      "stdout_capture_maxbytes", "stdout_events_enabled", "stdout_syslog", "stderr_logfile",
      "stderr_logfile_maxbytes", "stderr_logfile_backups", "stderr_capture_maxbytes", "stderr_events_enabled",
      "stderr_syslog", "environment", "directory", "umask", "serverurl");
  private static final List<String> EVENTLISTENER =
      concat(PROCESS, List.of("buffer_size", "events", "result_handler"));
  private static final List<String> FCGI_PROGRAM =
      concat(PROCESS, List.of("socket", "socket_backlog", "socket_owner", "socket_mode"));
  private static final List<String> SUPERVISORD = List.of(
      "logfile", "logfile_maxbytes", "logfile_backups", "loglevel", "pidfile", "umask", "nodaemon", "silent",
      "minfds", "minprocs", "nocleanup", "childlogdir", "user", "directory", "strip_ansi", "environment",
      "identifier");
  private static final List<String> GROUP = List.of("programs", "priority");
  private static final List<String> UNIX_HTTP_SERVER = List.of("file", "chmod", "chown", "username", "password");
  private static final List<String> INET_HTTP_SERVER = List.of("port", "username", "password");
  private static final List<String> SUPERVISORCTL =
      List.of("serverurl", "username", "password", "prompt", "history_file");
  private static final List<String> INCLUDE = List.of("files");

  /** Section names matched exactly. */
  private static final Map<String, List<String>> BY_NAME = Map.of(
      "supervisord", SUPERVISORD, "supervisorctl", SUPERVISORCTL, "include", INCLUDE);
  /**
   * Section names matched by prefix, as supervisord matches them ({@code [inet_http_server_2]} is
   * an HTTP server too).
   */
  private static final Map<String, List<String>> BY_PREFIX = Map.of(
      "program:", PROCESS, "eventlistener:", EVENTLISTENER, "fcgi-program:", FCGI_PROGRAM, "group:", GROUP,
      "unix_http_server", UNIX_HTTP_SERVER, "inet_http_server", INET_HTTP_SERVER);

  /** A suggestion is made only for a key this close (an edit being one insertion, deletion, substitution or swap). */
  private static final int MAX_DISTANCE = 2;

  private KnownOptions() {}

  /** The keys a section of this name reads; empty when its keys are open or it is not ours. */
  static Optional<List<String>> of(String sectionName) {
    List<String> exact = BY_NAME.get(sectionName);
    if (exact != null) {
      return Optional.of(exact);
    }
    return BY_PREFIX.entrySet().stream()
        .filter(e -> sectionName.startsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** Whether the loader may read {@code key} from the section named {@code sectionName}. */
  static boolean allows(String sectionName, String key) {
    return of(sectionName).map(keys -> keys.contains(key)).orElse(true);
  }

  /** Every own key of every checked section that its kind does not read, in reading order. */
  static List<UnknownOption> unknownIn(IniDocument doc) {
    var unknown = new ArrayList<UnknownOption>();
    for (IniSection section : doc.sections()) {
      of(section.name()).ifPresent(known -> section.own().forEach((key, value) -> {
        if (!known.contains(key)) {
          unknown.add(new UnknownOption(value.file(), value.line(), section.name(), key, closest(key, known)));
        }
      }));
    }
    return List.copyOf(unknown);
  }

  /**
   * The known key nearest to {@code key}, if it is at most {@link #MAX_DISTANCE} edits away and
   * fewer edits than {@code key} is long (so {@code x} does not suggest {@code user}); the
   * first of the table's order on a tie.
   */
  static Optional<String> closest(String key, List<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(key, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= MAX_DISTANCE && bestDistance < key.length() ? Optional.of(best) : Optional.empty();
  }

  /**
   * Edit distance where swapping two neighbouring characters counts as one edit (optimal string
   * alignment), since swapped letters are the commonest typo.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
