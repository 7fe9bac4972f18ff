package org.jsupervisor.rpc;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jsupervisor.config.Config;
import org.jsupervisor.config.ConfigDiff;
import org.jsupervisor.config.ConfigException;
import org.jsupervisor.config.GroupConfig;
import org.jsupervisor.process.FcgiSocketException;
import org.jsupervisor.process.ManagedProcess;
import org.jsupervisor.process.ProcessGroup;
import org.jsupervisor.process.Supervisor;

/**
 * reloadConfig, addProcessGroup and removeProcessGroup, as supervisord's rpcinterface has them:
 * a re-read only parses and remembers the result (the "last parsed config"); groups are then
 * added from it and removed one by one.
 */
final class Reconfiguration {
  private final EngineAccess engine;
  private final SupervisorControl control;
  /** The config of the last successful reloadConfig; null until one. Loop thread only. */
  private Config lastParsed;

  Reconfiguration(EngineAccess engine, SupervisorControl control) {
    this.engine = engine;
    this.control = control;
  }

  /** The last parsed configuration: the running one until a reloadConfig succeeds. */
  Config lastParsed(Supervisor s) {
    return lastParsed != null ? lastParsed : s.config();
  }

  /**
   * SHUTDOWN_STATE first (on the loop), then the parse on an I/O thread, then the diff against
   * the active groups on the loop.
   */
  CompletableFuture<Object> reloadConfig() {
    return engine.call(s -> Boolean.TRUE)
        .thenApplyAsync(ignored -> parse(), engine.io)
        .thenCompose(next -> engine.call(s -> {
          control.reread(s.config(), next);
          lastParsed = next;
          List<GroupConfig> active = s.groups().stream().map(ProcessGroup::config).toList();
          ConfigDiff diff = ConfigDiff.between(active, next.groups());
          return (Object) List.of(List.of(diff.added(), diff.changed(), diff.removed()));
        }));
  }

  private Config parse() {
    try {
      return control.reloadConfig();
    } catch (ConfigException e) {
      throw new Fault(FaultCode.CANT_REREAD, e.getMessage());
    }
  }

  /** Activates a group of the last parsed config; its autostart processes start at once. */
  Object addProcessGroup(Supervisor s, String name) {
    GroupConfig group = lastParsed(s).group(name)
        .orElseThrow(() -> new Fault(FaultCode.BAD_NAME, name));
    if (s.group(name).isPresent()) {
      throw new Fault(FaultCode.ALREADY_ADDED, name);
    }
    ProcessGroup added;
    try {
      added = s.addGroup(group);
    } catch (FcgiSocketException e) {
      // supervisord answers with an HTTP 500 here; a fault tells the client why.
      throw new Fault(FaultCode.FAILED, e.getMessage());
    } catch (IOException e) {
      throw new Fault(FaultCode.FAILED, "could not create child logs: " + e.getMessage());
    }
    added.processes().forEach(ManagedProcess::tick);
    return true;
  }

  Object removeProcessGroup(Supervisor s, String name) {
    if (s.group(name).isEmpty()) {
      throw new Fault(FaultCode.BAD_NAME, name);
    }
    if (!s.removeGroup(name)) {
      throw new Fault(FaultCode.STILL_RUNNING, name);
    }
    return true;
  }
}
