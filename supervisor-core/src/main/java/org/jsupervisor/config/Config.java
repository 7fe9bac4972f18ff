package org.jsupervisor.config;

import java.util.List;
import java.util.Optional;

/**
 * A whole, validated supervisord configuration. Immutable; a reload builds a new one and
 * compares with {@link ConfigDiff}.
 *
 * @param file absolute path of the main config file
 * @param groups sorted by (priority, name), as supervisord activates them
 * @param messages parse-time warnings and notes to log once logging is set up
 */
public record Config(
    String file,
    SupervisordConfig supervisord,
    List<UnixHttpServerConfig> unixHttpServers,
    List<InetHttpServerConfig> inetHttpServers,
    Optional<SupervisorctlConfig> supervisorctl,
    List<RpcInterfaceConfig> rpcInterfaces,
    List<GroupConfig> groups,
    List<ConfigMessage> messages) {

  public Optional<GroupConfig> group(String name) {
    return groups.stream().filter(g -> g.name().equals(name)).findFirst();
  }
}
