package org.jsupervisor.pidproxy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jsupervisor.posix.Errno;
import org.jsupervisor.posix.Kill;
import org.jsupervisor.posix.PlainChild;
import org.jsupervisor.posix.PosixException;
import org.jsupervisor.posix.Signals;
import org.jsupervisor.process.Signal;

/**
 * {@code pidproxy PIDFILE COMMAND [ARGS]}, as supervisord's: runs a command that starts the real
 * program in the background (which writes its pid to PIDFILE), so that supervisord can manage
 * that program through this process. Each TERM, HUP, INT, USR1 or USR2 received is sent to the
 * pid read from PIDFILE at that moment; after TERM or INT pidproxy exits 0 at once. It also
 * exits 0 when the command itself has exited.
 *
 * <p>Differences, both forced or harmless: SIGQUIT cannot be relayed, since the JVM keeps it for
 * thread dumps; and pidproxy notices the command's exit at once, where supervisord's looks every
 * five seconds. A command that cannot be run is reported on stderr (supervisord's child exits
 * 127 silently); the exit status is 0 in both.
 *
 * <p>One thread owns the state: signal handlers and the thread waiting for the command only
 * queue what happened.
 */
public final class Pidproxy {
  static final List<Signal> RELAYED =
      List.of(Signal.TERM, Signal.HUP, Signal.INT, Signal.parse("USR1").orElseThrow(), Signal.USR2);
  /** After relaying these, pidproxy's work is done: supervisord is stopping the program. */
  private static final List<Signal> ENDING = List.of(Signal.TERM, Signal.INT);

  /** What the owner thread is told. */
  private sealed interface Event {}

  private record Received(Signal signal) implements Event {}

  private record CommandExited() implements Event {}

  private final Path pidfile;
  private final PrintStream out;
  private final PrintStream err;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

  private Pidproxy(Path pidfile, PrintStream out, PrintStream err) {
    this.pidfile = pidfile;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    String argv0 = System.getProperty("jsupervisor.argv0", "pidproxy");
    var out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.exit(run(argv0, args, out, System.err));
  }

  static int run(String argv0, String[] args, PrintStream out, PrintStream err) {
    if (args.length < 2) {
      out.print(usage(argv0));
      out.flush();
      return 1;
    }
    return new Pidproxy(Path.of(args[0]), out, err).go(List.of(args).subList(1, args.length));
  }

  /** Runs {@code command} and relays signals until it exits or an ending signal is relayed. */
  private int go(List<String> command) {
    // Handlers first, as supervisord's pidproxy: a signal sent right after the spawn is relayed.
    try (Signals ignored = Signals.install(RELAYED, s -> events.add(new Received(s)))) {
      // The command is taken relative to the working directory, never looked up in PATH.
      String path = Path.of(command.get(0)).toAbsolutePath().normalize().toString();
      int pid;
      try {
        pid = PlainChild.spawn(path, command, System.getenv());
      } catch (PosixException e) {
        err.println("pidproxy: couldn't exec " + path + ": " + Errno.name(e.errno()));
        return 0;
      }
      Thread waiter = new Thread(() -> {
        PlainChild.waitFor(pid);
        events.add(new CommandExited());
      }, "pidproxy waiter");
      waiter.setDaemon(true);
      waiter.start();
      while (true) {
        Event event = take();
        if (event instanceof CommandExited) {
          return 0;
        }
        Signal signal = ((Received) event).signal();
        int status = relay(signal);
        if (status >= 0) {
          return status;
        }
      }
    }
  }

  /** Sends {@code signal} on; returns the exit status if pidproxy is done, else -1. */
  private int relay(Signal signal) {
    int target = readPid();
    if (target <= 0) {
      out.println("Can't read child pidfile " + pidfile + "!");
      out.flush();
      return -1;
    }
    int errno = Kill.kill(target, signal);
    if (errno != 0) {
      // supervisord's pidproxy dies of the uncaught OSError here, with status 1.
      err.println("pidproxy: " + new PosixException("kill " + target + " " + signal.sigName(), errno).getMessage());
      return 1;
    }
    return ENDING.contains(signal) ? 0 : -1;
  }

  /**
   * The pid in the pidfile, or 0 when it cannot be read. A pid of 0 or below would signal a whole
   * process group or every process; it is refused as unreadable.
   */
  private int readPid() {
    try {
      return Integer.parseInt(Files.readString(pidfile).strip());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private Event take() {
    while (true) {
      try {
        return events.take();
      } catch (InterruptedException e) {
        // nobody interrupts this thread; keep waiting for the command or a signal
      }
    }
  }

  /** supervisord's pidproxy usage text, with the program name filled in, as it prints it. */
  static String usage(String argv0) {
    return """
        pidproxy -- run command and proxy signals to it via its pidfile.

        This executable runs a command and then monitors a pidfile.  When this
        executable receives a signal, it sends the same signal to the pid
        in the pidfile.

        Usage: %s <pidfile name> <command> [<cmdarg1> ...]

        """.replace("%s", argv0);
  }
}
