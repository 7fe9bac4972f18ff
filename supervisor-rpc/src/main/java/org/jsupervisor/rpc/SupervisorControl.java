package org.jsupervisor.rpc;

/**
 * What the daemon does for the RPCs that end or restart it. Each must return quickly: the RPC
 * answers true and the work happens afterwards.
 */
public interface SupervisorControl {
  /**
   * {@code supervisor.shutdown}: stop every process, then exit. Called on the loop thread, so
   * {@code supervisor.shutdown(Mood.SHUTDOWN)} may be called directly.
   */
  void shutdown();

  /**
   * {@code supervisor.restart}: stop every process, then re-read the config and start again.
   * Called on the loop thread.
   */
  void restart();

  /** {@code supervisor.clearLog}: the main log file was deleted; reopen it. Any thread. */
  void reopenMainLog();

  /**
   * {@code supervisor.sendRemoteCommEvent}: hand a REMOTE_COMMUNICATION event to the listener
   * pools. Called on the loop thread, in every mood (supervisord never faults this call).
   */
  default void remoteCommunication(String type, String data) {}

  /**
   * {@code supervisor.reloadConfig}: parses the configuration again, from the same file and with
   * the same command line as at start-up, and returns it without applying anything. Runs on an
   * I/O thread, never on the loop. A configuration that cannot be read throws, its problems
   * becoming the CANT_REREAD fault text.
   */
  default org.jsupervisor.config.Config reloadConfig()
      throws org.jsupervisor.config.ConfigException {
    throw new Fault(FaultCode.CANT_REREAD, "this supervisor cannot re-read its configuration");
  }

  /**
   * Called on the loop thread when a reloadConfig produced {@code next} while {@code running} is
   * in effect: the place to say which {@code [supervisord]}/server settings need a restart.
   */
  default void reread(org.jsupervisor.config.Config running, org.jsupervisor.config.Config next) {}
}
