package org.jsupervisor.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a supervisord.conf into an immutable {@link Config}, with supervisord 4.2.5's syntax,
 * %-expansion, defaults and checks. Every problem in the whole config (including its included
 * files) is collected and reported together in one {@link ConfigException}, each as
 * {@code file:line: [section] option: message}. A key its section does not read is not an
 * error (supervisord ignores it, and other tools may share the file) but a warning among
 * {@link Config#messages()}, with the nearest known key when one is close (see {@link KnownOptions}).
 */
public final class ConfigLoader {
  private final LoadEnvironment host;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<String> infos = new ArrayList<>();

  private ConfigLoader(LoadEnvironment host) {
    this.host = host;
  }

  /** Loads {@code file} against this process's environment, host name and working directory. */
  public static Config load(Path file) throws ConfigException {
    return load(file, LoadEnvironment.system());
  }

  /** Loads {@code file} with the given environment ({@code ENV_*}) and host name. */
  public static Config load(Path file, Map<String, String> env, String hostname) throws ConfigException {
    return load(file, new LoadEnvironment(env, hostname, Path.of("").toAbsolutePath()));
  }

  public static Config load(Path file, LoadEnvironment host) throws ConfigException {
    return new ConfigLoader(host).run(file);
  }

  /**
   * Reads only {@code [supervisorctl]}, as supervisorctl does (no includes, no other sections
   * checked); a file without that section is refused with supervisorctl's message.
   */
  public static SupervisorctlConfig loadSupervisorctl(Path file) throws ConfigException {
    return loadSupervisorctl(file, LoadEnvironment.system());
  }

  public static SupervisorctlConfig loadSupervisorctl(Path file, LoadEnvironment host) throws ConfigException {
    var loader = new ConfigLoader(host);
    String name = file.toString();
    Optional<String> text = loader.readFile(file, name);
    if (text.isEmpty()) {
      throw new ConfigException(loader.problems);
    }
    IniDocument doc = IniReader.parse(name, text.get(), loader.problems);
    if (!loader.problems.isEmpty()) {
      throw new ConfigException(loader.problems);
    }
    Optional<SupervisorctlConfig> ctl = new ServerSections(doc, host, envNames(host.env()), loader.problems).supervisorctl();
    if (ctl.isEmpty()) {
      loader.problems.add(new ConfigProblem(name, 0, "", "", ".ini file does not include supervisorctl section"));
    }
    if (!loader.problems.isEmpty()) {
      throw new ConfigException(inFileOrder(loader.problems));
    }
    return ctl.get();
  }

  private Config run(Path file) throws ConfigException {
    String name = file.toString();
    Optional<String> text = readFile(file, name);
    if (text.isEmpty()) {
      throw new ConfigException(problems);
    }
    var doc = new IniDocument();
    var reader = new IniReader(doc, problems);
    reader.read(name, text.get());
    Map<String, String> envNames = envNames(host.env());
    doc.section("include").ifPresent(include -> readIncludes(include, file, reader, envNames));

    Optional<IniSection> main = doc.section("supervisord");
    if (main.isEmpty()) {
      problems.add(new ConfigProblem(name, 0, "", "", ".ini file does not include supervisord section"));
    }
    SupervisordConfig supervisord = new SupervisordSection(host, envNames, problems)
        .read(main.orElseGet(() -> new IniSection("supervisord", name, 0, Map.of(), Map.of())));
    // [supervisord] environment= is visible as ENV_* in every later section (issue-1170a).
    supervisord.environment().forEach((k, v) -> envNames.put("ENV_" + k, v));

    var servers = new ServerSections(doc, host, envNames, problems);
    List<RpcInterfaceConfig> rpc = servers.rpcInterfaces();
    List<GroupConfig> groups = new GroupBuilder(doc, host, envNames, problems, warnings).groups();
    List<InetHttpServerConfig> inet = servers.inetServers();
    List<UnixHttpServerConfig> unix = servers.unixServers();
    // supervisord never reads [supervisorctl]; a broken one must not stop the daemon.
    Optional<SupervisorctlConfig> ctl = new ServerSections(doc, host, envNames, new ArrayList<>()).supervisorctl();

    var messages = new ArrayList<ConfigMessage>();
    KnownOptions.unknownIn(doc).forEach(u -> messages.add(new ConfigMessage(LogLevel.WARN, u.toString())));
    new LinkedHashSet<>(warnings).forEach(w -> messages.add(new ConfigMessage(LogLevel.WARN, w)));
    infos.forEach(i -> messages.add(new ConfigMessage(LogLevel.INFO, i)));
    if (!problems.isEmpty()) {
      throw new ConfigException(inFileOrder(problems), messages);
    }
    return new Config(file.toAbsolutePath().normalize().toString(), supervisord, unix, inet, ctl, rpc, groups,
        List.copyOf(messages));
  }

  /**
   * {@code [include] files=}: globs relative to the main file's directory, each glob's matches
   * read in sorted order. {@code [include]} sections of included files are not followed, as in
   * supervisord (the main file's {@code files} value is read before any include is).
   */
  private void readIncludes(IniSection include, Path mainFile, IniReader reader, Map<String, String> envNames) {
    var names = new HashMap<String, Object>(envNames);
    names.put("host_node_name", host.hostname());
    var r = new OptionReader(include, names, true, problems);
    if (!r.has("files")) {
      problems.add(include.problem("files", ".ini file has [include] section, but no files setting"));
      return;
    }
    String base = host.cwd().resolve(mainFile).normalize().getParent().toString();
    for (String glob : r.string("files", "").split("\\s+")) {
      if (glob.isEmpty()) {
        continue;
      }
      String pattern = glob.startsWith("/") ? glob : base + "/" + glob;
      List<String> matches = Glob.matches(pattern);
      if (matches.isEmpty()) {
        warnings.add("No file matches via include \"" + pattern + "\"");
        continue;
      }
      for (String match : matches) {
        infos.add("Included extra file \"" + match + "\" during parsing");
        if (Files.isDirectory(Path.of(match))) {
          continue; // configparser skips what it cannot open
        }
        readFile(Path.of(match), match).ifPresent(text -> reader.read(match, text));
      }
    }
  }

  private Optional<String> readFile(Path file, String name) {
    Path resolved = host.cwd().resolve(file);
    if (!Files.exists(resolved)) {
      problems.add(new ConfigProblem(name, 0, "", "", "could not find config file " + name));
      return Optional.empty();
    }
    try {
      return Optional.of(new String(Files.readAllBytes(resolved), StandardCharsets.UTF_8));
    } catch (IOException e) {
      problems.add(new ConfigProblem(name, 0, "", "", "could not read config file " + name));
      return Optional.empty();
    }
  }

  /**
   * Problems without duplicates (a program built once per group or per process repeats them),
   * ordered by file (in reading order) and line, so the report reads top to bottom.
   */
  static List<ConfigProblem> inFileOrder(List<ConfigProblem> problems) {
    var unique = new ArrayList<>(new LinkedHashSet<>(problems));
    var files = new ArrayList<String>();
    unique.forEach(p -> {
      if (!files.contains(p.file())) {
        files.add(p.file());
      }
    });
    unique.sort(java.util.Comparator.comparingInt((ConfigProblem p) -> files.indexOf(p.file()))
        .thenComparingInt(ConfigProblem::line));
    return List.copyOf(unique);
  }

  /** {@code ENV_X} for every variable X of the environment. */
  static Map<String, String> envNames(Map<String, String> env) {
    var names = new HashMap<String, String>();
    env.forEach((k, v) -> names.put("ENV_" + k, v));
    return names;
  }
}
