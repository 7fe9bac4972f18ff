package org.jsupervisor.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code [unix_http_server*]}, {@code [inet_http_server*]}, {@code [rpcinterface:x]} and
 * {@code [supervisorctl]} sections. Server options see only {@code ENV_*} names (plus
 * {@code here} in {@code file}), as in supervisord.
 */
final class ServerSections {
  private final IniDocument doc;
  private final LoadEnvironment host;
  private final Map<String, String> envNames;
  private final List<ConfigProblem> problems;

  ServerSections(IniDocument doc, LoadEnvironment host, Map<String, String> envNames, List<ConfigProblem> problems) {
    this.doc = doc;
    this.host = host;
    this.envNames = envNames;
    this.problems = problems;
  }

  List<InetHttpServerConfig> inetServers() {
    var servers = new ArrayList<InetHttpServerConfig>();
    for (IniSection section : doc.sections()) {
      if (!section.name().startsWith("inet_http_server")) {
        continue;
      }
      var r = new OptionReader(section, envNames, false, problems);
      Optional<Credentials> credentials = credentials(r);
      if (!r.has("port")) {
        problems.add(section.problem("port", "section [" + section.name() + "] has no port value"));
        continue;
      }
      r.optional("port", Values::inetAddress).ifPresent(address -> servers.add(
          new InetHttpServerConfig(section.name(), address.host(), address.port(), credentials)));
    }
    return List.copyOf(servers);
  }

  List<UnixHttpServerConfig> unixServers() {
    var servers = new ArrayList<UnixHttpServerConfig>();
    for (IniSection section : doc.sections()) {
      if (!section.name().startsWith("unix_http_server")) {
        continue;
      }
      var r = new OptionReader(section, envNames, false, problems);
      Optional<String> file = r.withNames(envNames, true).string("file");
      if (!r.has("file")) {
        problems.add(section.problem("file", "section [" + section.name() + "] has no file value"));
      }
      Optional<Credentials> credentials = credentials(r);
      int[] chown = r.get("chown", new int[] {-1, -1}, v -> {
        try {
          return Users.userGroup(v);
        } catch (InvalidValueException e) {
          throw new InvalidValueException("Invalid sockchown value " + v);
        }
      });
      int chmod = r.get("chmod", 0700, v -> {
        try {
          return Values.octal(v);
        } catch (InvalidValueException e) {
          throw new InvalidValueException("Invalid chmod value " + v);
        }
      });
      file.ifPresent(f -> servers.add(new UnixHttpServerConfig(section.name(),
          Values.normalizePath(f.strip(), host.env(), host.cwd()), chmod,
          chown[0] < 0 ? OptionalInt.empty() : OptionalInt.of(chown[0]),
          chown[1] < 0 ? OptionalInt.empty() : OptionalInt.of(chown[1]), credentials)));
    }
    return List.copyOf(servers);
  }

  private Optional<Credentials> credentials(OptionReader r) {
    Optional<String> username = r.string("username");
    Optional<String> password = r.string("password");
    if (r.has("username") != r.has("password")) {
      r.problem(r.has("username") ? "username" : "password", "Section [" + r.section().name()
          + "] contains incomplete authentication: If a username or a password is specified, both the"
          + " username and password must be specified");
      return Optional.empty();
    }
    if (username.isEmpty() || password.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Credentials(username.get(), password.get()));
  }

  /**
   * Only supervisord's standard factory exists here, under any namespace; any other factory
   * is refused rather than ignored, so that a config relying on a plugin fails loudly.
   */
  List<RpcInterfaceConfig> rpcInterfaces() {
    var interfaces = new ArrayList<RpcInterfaceConfig>();
    String factoryKey = "supervisor.rpcinterface_factory";
    for (IniSection section : doc.sections()) {
      if (!section.name().startsWith("rpcinterface:")) {
        continue;
      }
      String namespace = section.name().substring("rpcinterface:".length());
      var r = new OptionReader(section, envNames, false, problems);
      if (!r.has(factoryKey)) {
        problems.add(section.problem(factoryKey,
            "section [" + section.name() + "] does not specify a " + factoryKey));
        continue;
      }
      Optional<String> factory = r.string(factoryKey);
      if (factory.isPresent() && !factory.get().strip().equals(RpcInterfaceConfig.STANDARD_FACTORY)) {
        r.problem(factoryKey, factory.get() + " cannot be resolved within [" + section.name()
            + "] (only " + RpcInterfaceConfig.STANDARD_FACTORY + " is supported)");
        continue;
      }
      var options = new LinkedHashMap<String, String>();
      for (String key : section.items().keySet()) {
        if (!key.equals(factoryKey)) {
          r.string(key).ifPresent(v -> options.put(key, v));
        }
      }
      factory.ifPresent(f -> interfaces.add(
          new RpcInterfaceConfig(namespace, f.strip(), java.util.Collections.unmodifiableMap(options))));
    }
    return List.copyOf(interfaces);
  }

  /** {@code [supervisorctl]} as supervisorctl reads it; empty when the section is absent. */
  Optional<SupervisorctlConfig> supervisorctl() {
    Optional<IniSection> section = doc.section("supervisorctl");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    var r = new OptionReader(section.get(), envNames, false, problems);
    var withHere = r.withNames(envNames, true);
    String serverurl = withHere.string("serverurl", SupervisorctlConfig.DEFAULTS.serverurl());
    if (serverurl.startsWith("unix://")) {
      serverurl = "unix://" + Values.normalizePath(serverurl.substring(7), host.env(), host.cwd());
    }
    String prompt = r.string("prompt", SupervisorctlConfig.DEFAULTS.prompt());
    Optional<String> username = r.string("username");
    Optional<String> password = r.string("password");
    Optional<String> history = withHere.string("history_file")
        .filter(h -> !h.isEmpty())
        .map(h -> Values.normalizePath(h, host.env(), host.cwd()));
    return Optional.of(new SupervisorctlConfig(serverurl, username, password, prompt, history));
  }
}
