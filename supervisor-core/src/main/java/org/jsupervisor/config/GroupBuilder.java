package org.jsupervisor.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the process groups in supervisord's order: {@code [group:x]} (heterogeneous), then
 * ungrouped {@code [program:x]}, then {@code [eventlistener:x]} pools, then ungrouped
 * {@code [fcgi-program:x]}; finally sorted by (priority, name). Duplicate group names are kept,
 * as supervisord keeps them.
 */
final class GroupBuilder {
  static final Comparator<GroupConfig> ORDER =
      Comparator.comparingInt(GroupConfig::priority).thenComparing(GroupConfig::name);
  private static final Pattern TCP_SOCKET = Pattern.compile("tcp://([^\\s:]+):(\\d+)");
  /** Python's {@code socket.SOMAXCONN} on Linux. */
  static final int SOMAXCONN = 4096;

  private final IniDocument doc;
  private final LoadEnvironment host;
  private final Map<String, String> envNames;
  private final List<ConfigProblem> problems;
  private final ProcessSection processSection;

  GroupBuilder(IniDocument doc, LoadEnvironment host, Map<String, String> envNames,
      List<ConfigProblem> problems, List<String> warnings) {
    this.doc = doc;
    this.host = host;
    this.envNames = envNames;
    this.problems = problems;
    this.processSection = new ProcessSection(host, envNames, problems, warnings);
  }

  List<GroupConfig> groups() {
    var groups = new ArrayList<GroupConfig>();
    Set<String> grouped = new HashSet<>();
    for (IniSection section : sections("group:")) {
      heterogeneous(section, grouped).ifPresent(groups::add);
    }
    for (IniSection section : sections("program:")) {
      if (!grouped.contains(section.name())) {
        program(section).ifPresent(groups::add);
      }
    }
    for (IniSection section : sections("eventlistener:")) {
      listener(section).ifPresent(groups::add);
    }
    for (IniSection section : sections("fcgi-program:")) {
      if (!grouped.contains(section.name())) {
        fcgi(section).ifPresent(groups::add);
      }
    }
    groups.sort(ORDER);
    return List.copyOf(groups);
  }

  private List<IniSection> sections(String prefix) {
    return doc.sections().stream().filter(s -> s.name().startsWith(prefix)).toList();
  }

  private OptionReader reader(IniSection section) {
    return new OptionReader(section, envNames, true, problems);
  }

  /** The x of {@code kind:x}, checked as a name; empty (problem recorded) when invalid. */
  private Optional<String> sectionName(IniSection section) {
    String raw = section.name().substring(section.name().indexOf(':') + 1);
    try {
      return Optional.of(Values.name(raw));
    } catch (InvalidValueException e) {
      problems.add(section.problem("", e.getMessage()));
      return Optional.empty();
    }
  }

  private Optional<GroupConfig> heterogeneous(IniSection section, Set<String> grouped) {
    Optional<String> name = sectionName(section);
    var r = reader(section);
    int priority = r.integer("priority", 999);
    String programs = r.string("programs", "");
    var processes = new ArrayList<ProcessConfig>();
    for (String program : programs.isEmpty() ? new String[0] : programs.split(",", -1)) {
      program = program.strip();
      String plain = "program:" + program;
      String fcgi = "fcgi-program:" + program;
      if (!doc.has(plain) && !doc.has(fcgi)) {
        r.problem("programs", "[" + section.name() + "] names unknown program or fcgi-program " + program);
        continue;
      }
      if (doc.has(plain) && doc.has(fcgi)) {
        r.problem("programs", "[" + section.name() + "] name " + program
            + " is ambiguous (exists as program and fcgi-program)");
        continue;
      }
      // A listed fcgi-program becomes a plain program: its socket is not used.
      IniSection member = doc.section(doc.has(plain) ? plain : fcgi).orElseThrow();
      grouped.add(member.name());
      if (name.isPresent()) {
        sectionName(member).ifPresent(p -> processes.addAll(processSection.processes(member, p, name.get())));
      }
    }
    // Kept in programs= order, as supervisord keeps them: that is the order its main loop starts
    // them in; only the group-wide RPC calls and the shutdown sort them by priority.
    return name.map(n -> new GroupConfig(n, GroupKind.HETEROGENEOUS, priority, List.copyOf(processes),
        Optional.empty(), Optional.empty()));
  }

  private Optional<GroupConfig> program(IniSection section) {
    return sectionName(section).map(name -> new GroupConfig(name, GroupKind.PROGRAM,
        quietPriority(section), processSection.processes(section, name, name),
        Optional.empty(), Optional.empty()));
  }

  /**
   * The group priority of a program-like section; its problems are left to the process
   * options, which read the same value, so each is reported once.
   */
  private int quietPriority(IniSection section) {
    return new OptionReader(section, envNames, true, new ArrayList<>()).integer("priority", 999);
  }

  private Optional<GroupConfig> listener(IniSection section) {
    var r = reader(section);
    String sec = section.name();
    // Listeners default to a low priority so that they start first and stop last.
    int priority = r.integer("priority", -1);
    int bufferSize = r.integer("buffer_size", 10);
    if (bufferSize < 1) {
      r.problem("buffer_size", "[" + sec + "] section sets invalid buffer_size (" + bufferSize + ")");
    }
    String handler = r.string("result_handler", EventListenerConfig.DEFAULT_RESULT_HANDLER);
    if (!handler.equals(EventListenerConfig.DEFAULT_RESULT_HANDLER)) {
      r.problem("result_handler", handler + " cannot be resolved within [" + sec + "] (only "
          + EventListenerConfig.DEFAULT_RESULT_HANDLER + " is supported)");
    }
    var events = new LinkedHashSet<String>();
    Optional<String> eventsText = r.string("events");
    if (!r.has("events") || eventsText.filter(String::isEmpty).isPresent()) {
      r.problem("events", "[" + sec + "] section requires an \"events\" line");
    } else if (eventsText.isPresent()) {
      for (String event : eventsText.get().split(",", -1)) {
        String upper = event.strip().toUpperCase(Locale.ROOT);
        if (EventTypeNames.ALL.contains(upper)) {
          events.add(upper);
        } else {
          r.problem("events", "Unknown event type " + upper + " in [" + sec + "] events");
        }
      }
    }
    if (r.bool("redirect_stderr", false)) {
      r.problem("redirect_stderr", "[" + sec + "] section sets redirect_stderr=true but this is not allowed"
          + " because it will interfere with the eventlistener protocol");
    }
    return sectionName(section).map(name -> new GroupConfig(name, GroupKind.EVENT_LISTENER, priority,
        processSection.processes(section, name, name),
        Optional.of(new EventListenerConfig(List.copyOf(events), bufferSize, handler)), Optional.empty()));
  }

  private Optional<GroupConfig> fcgi(IniSection section) {
    Optional<String> name = sectionName(section);
    var r = reader(section);
    String sec = section.name();
    int priority = quietPriority(section);
    Optional<UserId> user = r.optional("user", Users::user);
    Optional<Integer> backlog = r.optional("socket_backlog", v -> {
      int n = Values.integer(v);
      if (n < 1 || n > 65535) {
        throw new InvalidValueException("Invalid socket_backlog value " + n);
      }
      return n;
    });
    Optional<int[]> owner = r.optional("socket_owner", v -> {
      try {
        return Users.userGroup(v);
      } catch (InvalidValueException e) {
        throw new InvalidValueException("Invalid socket_owner value " + v);
      }
    });
    Optional<Integer> mode = r.optional("socket_mode", v -> {
      try {
        return Values.octal(v);
      } catch (InvalidValueException e) {
        throw new InvalidValueException("Invalid socket_mode value " + v);
      }
    });
    var socketNames = new HashMap<String, Object>(envNames);
    name.ifPresent(n -> socketNames.put("program_name", n));
    Optional<String> socket = r.withNames(socketNames, true).string("socket");
    Optional<FcgiSocketConfig> socketConfig = Optional.empty();
    if (!r.has("socket") || socket.filter(String::isEmpty).isPresent()) {
      r.problem("socket", "[" + sec + "] section requires a \"socket\" line");
    } else if (socket.isPresent()) {
      socketConfig = socket(r, socket.get(), user, backlog.orElse(SOMAXCONN), owner, mode);
    }
    if (name.isEmpty() || socketConfig.isEmpty()) {
      if (name.isPresent()) {
        processSection.processes(section, name.get(), name.get()); // still report its problems
      }
      return Optional.empty();
    }
    return Optional.of(new GroupConfig(name.get(), GroupKind.FCGI, priority,
        processSection.processes(section, name.get(), name.get()), Optional.empty(), socketConfig));
  }

  private Optional<FcgiSocketConfig> socket(OptionReader r, String url, Optional<UserId> user, int backlog,
      Optional<int[]> owner, Optional<Integer> mode) {
    if (url.startsWith("unix://")) {
      String path = url.substring(7);
      if (!path.startsWith("/")) {
        r.problem("socket", "Unix socket path " + path + " is not an absolute path");
        return Optional.empty();
      }
      OptionalInt uid = OptionalInt.empty();
      OptionalInt gid = OptionalInt.empty();
      if (owner.isPresent()) {
        uid = OptionalInt.of(owner.get()[0]);
        gid = owner.get()[1] < 0 ? OptionalInt.empty() : OptionalInt.of(owner.get()[1]);
      } else if (user.isPresent() && user.get().uid() != Users.currentUid()) {
        // supervisord hands the socket to the program's user when it runs as someone else
        uid = OptionalInt.of(user.get().uid());
        gid = OptionalInt.of(user.get().gid());
      }
      String normalized = Values.normalizePath(path, host.env(), host.cwd());
      return Optional.of(new FcgiSocketConfig("unix://" + normalized, backlog, uid, gid, mode.orElse(0700)));
    }
    if (owner.isPresent() || mode.isPresent()) {
      r.problem("socket", "socket_owner and socket_mode params should only be used with a Unix domain socket");
      return Optional.empty();
    }
    Matcher m = TCP_SOCKET.matcher(url);
    if (!m.matches()) {
      r.problem("socket", "Bad socket format " + url);
      return Optional.empty();
    }
    // supervisord's InetStreamSocketConfig: the port must be a valid one, the host is lowercased
    // and the url rebuilt from both (so tcp://LocalHost:09000 is tcp://localhost:9000).
    var port = new java.math.BigInteger(m.group(2));
    if (port.signum() == 0) {
      r.problem("socket", "0 is below lower bound (1)");
      return Optional.empty();
    }
    if (port.bitLength() > 16) {
      r.problem("socket", port + " is above upper bound (65535)");
      return Optional.empty();
    }
    String canonical = "tcp://" + m.group(1).toLowerCase(Locale.ROOT) + ":" + port;
    return Optional.of(new FcgiSocketConfig(canonical, backlog, OptionalInt.empty(), OptionalInt.empty(), 0));
  }
}
