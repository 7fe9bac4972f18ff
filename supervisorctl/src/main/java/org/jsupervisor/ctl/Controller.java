package org.jsupervisor.ctl;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.jsupervisor.ctl.command.Commands;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;
import org.jsupervisor.ctl.rpc.HttpStatusException;
import org.jsupervisor.ctl.rpc.RpcClient;
import org.jsupervisor.ctl.rpc.ServerUrl;

/**
 * Runs command lines against one supervisord: parses a line into a command word and its argument,
 * dispatches, reports what escaped the command, and keeps the exit status (the last failure wins).
 * It mirrors Python's {@code Controller} so that output and exit statuses match.
 */
public final class Controller {
  static final String API_VERSION = "3.0";

  private final Map<String, Command> commands;
  private final PrintStream out;
  private final PrintStream err;
  private LineInput input;
  private final boolean interactive;
  private final String prompt;
  private final Interrupts interrupts;
  private String serverurl;
  private String username;
  private String password;
  private RpcClient rpc;
  private int exitStatus = ExitStatus.SUCCESS;

  public Controller(Options options, PrintStream out, PrintStream err, LineInput input, Interrupts interrupts) {
    this.commands = Commands.all();
    this.out = out;
    this.err = err;
    this.input = input;
    this.interactive = options.interactive();
    this.prompt = options.prompt() + "> ";
    this.interrupts = interrupts;
    this.serverurl = options.serverurl();
    this.username = options.username();
    this.password = options.password();
  }

  /**
   * Runs one line. Mirrors {@code cmd.Cmd.parseline} ({@code ?} means help, the command word is
   * the leading run of letters, digits and underscores) and Python's error reporting.
   *
   * @return true when the shell should stop
   */
  public boolean onecmd(String rawLine) {
    String line = rawLine.strip();
    if (line.isEmpty()) {
      return false;
    }
    if (line.charAt(0) == '?') {
      line = "help " + line.substring(1);
    } else if (line.charAt(0) == '!') {
      return unknown(line);
    }
    int i = 0;
    while (i < line.length() && isIdentChar(line.charAt(i))) {
      i++;
    }
    String word = line.substring(0, i);
    String arg = line.substring(i).strip();
    Command command = word.isEmpty() ? null : commands.get(word);
    if (command == null) {
      return unknown(line);
    }
    try {
      try {
        return command.run(this, arg);
      } catch (HttpStatusException e) {
        if (e.status() != 401) {
          exitStatus = ExitStatus.GENERIC;
          throw e;
        }
        output("Server requires authentication");
        if (interactive) {
          String user = input.readLine("Username:");
          String pass = input.readPassword("Password:");
          output("");
          setCredentials(user, pass);
          return onecmd(rawLine);
        }
        exitStatus = ExitStatus.GENERIC;
      }
      // Python runs the command a second time after a non-interactive 401; the repeat fails the same way.
      command.run(this, arg);
    } catch (Exception e) {
      output("error: " + PythonError.describe(e));
      exitStatus = ExitStatus.GENERIC;
    }
    return false;
  }

  private boolean unknown(String line) {
    output("*** Unknown syntax: " + line);
    exitStatus = ExitStatus.GENERIC;
    return false;
  }

  private static boolean isIdentChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  /**
   * supervisorctl's "upcheck": the server answers {@code getVersion} with API 3.0. Reports refused
   * connections, missing sockets and API mismatches, and sets the exit status for them.
   */
  public boolean upcheck() throws Fault, IOException {
    try {
      String api = String.valueOf(rpc().call("supervisor.getVersion"));
      if (!api.equals(API_VERSION)) {
        output("Sorry, this version of supervisorctl expects to talk to a server with API version "
            + API_VERSION + ", but the remote version is " + api + ".");
        exitStatus = ExitStatus.NOT_INSTALLED;
        return false;
      }
    } catch (Fault e) {
      if (e.code() == Faults.UNKNOWN_METHOD) {
        output("Sorry, supervisord responded but did not recognize the supervisor namespace commands "
            + "that supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] "
            + "section is enabled in the configuration file (see sample.conf).");
        exitStatus = ExitStatus.UNIMPLEMENTED_FEATURE;
        return false;
      }
      exitStatus = ExitStatus.GENERIC;
      throw e;
    } catch (HttpStatusException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      SocketError socketError = SocketError.classify(e);
      if (socketError != null && socketError.errno() == SocketError.ECONNREFUSED) {
        output(serverurl + " refused connection");
        exitStatus = ExitStatus.INSUFFICIENT_PRIVILEGES;
        return false;
      }
      if (socketError != null && socketError.errno() == SocketError.ENOENT) {
        output(serverurl + " no such file");
        exitStatus = ExitStatus.NOT_RUNNING;
        return false;
      }
      exitStatus = ExitStatus.GENERIC;
      throw e;
    }
    return true;
  }

  /** The client for the current server and credentials. */
  public RpcClient rpc() {
    if (rpc == null) {
      rpc = new RpcClient(ServerUrl.parse(serverurl), username, password);
    }
    return rpc;
  }

  /** Records a result's fault code: dead-program faults give 7, others 1; success and {@code ignored} leave it. */
  public void setExitStatusFromFault(int code, int ignored) {
    if (code == ignored || code == Faults.SUCCESS) {
      return;
    }
    if (code == Faults.SPAWN_ERROR || code == Faults.ABNORMAL_TERMINATION || code == Faults.NOT_RUNNING) {
      exitStatus = ExitStatus.NOT_RUNNING;
    } else {
      exitStatus = ExitStatus.GENERIC;
    }
  }

  /** Prints one line to stdout (Python's {@code ctl.output}). */
  public void output(String message) {
    out.print(message);
    out.print('\n');
    out.flush();
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  public LineInput input() {
    return input;
  }

  /** Reads typed lines from {@code input} from now on (the shell switches to line editing). */
  public void setInput(LineInput input) {
    this.input = input;
  }

  public Interrupts interrupts() {
    return interrupts;
  }

  public boolean interactive() {
    return interactive;
  }

  public String prompt() {
    return prompt;
  }

  public String serverurl() {
    return serverurl;
  }

  /** Switches to another server ({@code open}); later calls use a new connection. */
  public void setServerurl(String url) {
    closeRpc();
    this.serverurl = url;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  private void setCredentials(String user, String pass) {
    closeRpc();
    this.username = user;
    this.password = pass;
  }

  private void closeRpc() {
    if (rpc != null) {
      rpc.close();
      rpc = null;
    }
  }

  public int exitStatus() {
    return exitStatus;
  }

  public void setExitStatus(int status) {
    this.exitStatus = status;
  }

  public Map<String, Command> commands() {
    return commands;
  }

  /** Lists processes through {@code getAllProcessInfo}. */
  public List<Map<String, Object>> allProcessInfo() throws Fault, IOException {
    return rpc().structs("supervisor.getAllProcessInfo");
  }

  public void close() {
    closeRpc();
  }
}
