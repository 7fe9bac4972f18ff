package org.jsupervisor.http;

import java.nio.file.Path;
import java.util.List;
import org.jsupervisor.config.Config;
import org.jsupervisor.config.ConfigLoader;
import org.jsupervisor.log.MainLog;
import org.jsupervisor.loop.Clock;
import org.jsupervisor.loop.EventLoop;
import org.jsupervisor.posix.PosixSpawner;
import org.jsupervisor.posix.Signals;
import org.jsupervisor.process.ManagedProcess;
import org.jsupervisor.process.Signal;
import org.jsupervisor.process.Supervisor;
import org.jsupervisor.rpc.SupervisorControl;

/**
 * A stand-in for the daemon's main, for compatibility tests run from another JVM: loads the
 * config given as the only argument, runs the engine and the RPC servers in the foreground,
 * prints {@code READY} once serving, and exits 0 after {@code supervisor.shutdown}.
 */
public final class TestDaemon {
  private TestDaemon() {}

  public static void main(String[] args) throws Exception {
    Config config = ConfigLoader.load(Path.of(args[0]));
    MainLog mainLog = MainLog.configure(MainLog.Settings.of(config.supervisord()));
    var loop = new EventLoop(Clock.SYSTEM);
    var supervisor = new Supervisor(config, loop, new PosixSpawner(),
        ManagedProcess.Signaller.POSIX, System.getenv());
    loop.onChildExit(supervisor::reaped);
    supervisor.onStopped(loop::stop);
    Signals signals = Signals.install(List.of(Signal.CHLD, Signal.TERM, Signal.INT), s -> {
      if (s.number() != Signal.CHLD.number()) {
        loop.execute(() -> supervisor.shutdown(Supervisor.Mood.SHUTDOWN));
      }
      loop.wakeup();
    });
    var control = new SupervisorControl() {
      @Override
      public void shutdown() {
        supervisor.shutdown(Supervisor.Mood.SHUTDOWN);
      }

      @Override
      public void restart() {
        supervisor.shutdown(Supervisor.Mood.SHUTDOWN); // no in-process restart in this stand-in
      }

      @Override
      public void reopenMainLog() {
        mainLog.reopen();
      }
    };
    try (RpcServers servers = RpcServers.start(config, loop, supervisor, control)) {
      loop.execute(() -> {
        try {
          supervisor.start();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      System.out.println("READY " + servers.inetAddresses() + " " + servers.unixSockets());
      System.out.flush();
      loop.run();
      Thread.sleep(200); // let the answer to supervisor.shutdown reach the client
    } finally {
      signals.close();
      loop.close();
      mainLog.close();
    }
  }
}
