package org.jsupervisor.ctl;

/**
 * supervisorctl's {@link GoldenOutputSuite} against our supervisord: Python's supervisorctl 4.2.5
 * and ours must print the same and exit the same when both talk to our daemon. The daemon runs in a
 * separate JVM on this test class path (which has supervisor-rpc's classes); it is stopped by pid.
 */
final class GoldenOutputOnOurDaemonTest extends GoldenOutputSuite {
  @Override
  void startDaemon(PythonSupervisor supervisor) throws Exception {
    supervisor.startOurs(System.getProperty("java.class.path"));
  }
}
