package org.jsupervisor.ctl;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command running on a real pseudo-terminal (through {@code pty_bridge.py} and python3's
 * {@code pty} module): keys are typed into it and what it shows is collected, so line editing,
 * Tab completion and Ctrl-C can be tested as a person would use them.
 */
final class PtySession implements AutoCloseable {
  /** Up as a terminal in keypad mode sends it (JLine asks for that mode). */
  static final String UP = "\033OA";
  /** Up as a terminal that ignores keypad mode sends it. */
  static final String UP_ANSI = "\033[A";
  static final String CTRL_A = "\001";
  static final String CTRL_C = "\003";
  static final String CTRL_D = "\004";
  static final String BACKSPACE = "\177";
  static final String TAB = "\t";
  static final String ENTER = "\r";

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final OutputStream keys;
  private final StringBuilder screen = new StringBuilder();
  private int mark; // in the plain text: where the last awaited text ended

  private PtySession(Process process) {
    this.process = process;
    this.keys = process.getOutputStream();
    Thread reader = new Thread(() -> copy(process.getInputStream()), "pty-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code command} on a new terminal of type xterm, 200 columns wide. Keys typed wait until
   * the command reads keys one by one (see pty_bridge.py).
   */
  static PtySession start(List<String> command, Map<String, String> environment) throws IOException {
    List<String> argv = new ArrayList<>(List.of("python3", bridge().toString()));
    argv.addAll(command);
    var pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().putAll(environment);
    pb.environment().put("TERM", "xterm");
    return new PtySession(pb.start());
  }

  /** Our supervisorctl in a JVM of its own, on this test's class path. */
  static List<String> ourSupervisorctl(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), SupervisorctlMain.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  private static Path bridge() {
    try {
      return Path.of(PtySession.class.getResource("pty_bridge.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private void copy(InputStream in) {
    byte[] buffer = new byte[4096];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
        synchronized (this) {
          screen.append(text);
          notifyAll();
        }
      }
    } catch (IOException e) {
      // the bridge is gone
    }
  }

  /** Types {@code text} (keys such as {@link #UP} included). */
  PtySession type(String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
    return this;
  }

  /**
   * Waits until {@code text} shows (escape sequences and carriage returns left out) after the
   * previous match, and moves past it.
   */
  synchronized PtySession await(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    boolean ended = false;
    while (true) {
      String shown = plain(screen.toString());
      int at = shown.indexOf(text, mark);
      if (at >= 0) {
        mark = at + text.length();
        return this;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || ended) {
        fail("'" + text + "' did not show; the screen after the last match:\n" + shown.substring(mark));
      }
      ended = !process.isAlive(); // one more look once it has ended, for output still in transit
      wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
    }
  }

  /** Everything shown since the last match, escape sequences and carriage returns left out. */
  synchronized String rest() {
    return plain(screen.toString()).substring(mark);
  }

  /** Everything shown so far, escape sequences and carriage returns left out. */
  synchronized String all() {
    return plain(screen.toString());
  }

  /** Text as it reads on the screen, for comparisons: no escape sequences, bells or carriage returns. */
  static String plain(String raw) {
    return raw.replaceAll("\033\\[[0-9;?]*[ -/]*[@-~]|\033[=>]|\033O.|\007|\r", "");
  }

  /** Waits for the command to end; returns its exit status. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      fail("the command did not end; the screen:\n" + all());
    }
    return process.exitValue();
  }

  /** Ends the bridge (by its pid) if it is still running; the terminal's hang-up ends the command. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
