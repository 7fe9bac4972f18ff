package org.jsupervisor.ctl;

import org.jsupervisor.config.PyRepr;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.HttpStatusException;

/**
 * The {@code <class 'T'>, <message>: file: F line: N} text Python's supervisorctl prints for an
 * exception no command handled. Class and message are those Python would show; file and line name
 * our own frame, since Python's name its interpreter's.
 */
final class PythonError {
  private PythonError() {}

  static String describe(Exception e) {
    String head;
    SocketError socketError = SocketError.classify(e);
    if (e instanceof HttpStatusException http) {
      head = "<class 'xmlrpc.client.ProtocolError'>, " + http.getMessage();
    } else if (e instanceof Fault fault) {
      head = "<class 'xmlrpc.client.Fault'>, <Fault " + fault.code() + ": " + PyRepr.of(fault.faultString()) + ">";
    } else if (socketError != null) {
      head = "<class '" + socketError.pythonClass() + "'>, " + socketError.message();
    } else {
      head = "<class '" + e.getClass().getName() + "'>, " + e.getMessage();
    }
    // Python names the innermost frame; ours is the innermost frame of our own code, which says more.
    String file = "?";
    int line = 0;
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().startsWith("org.jsupervisor.") && frame.getLineNumber() >= 0) {
        file = String.valueOf(frame.getFileName());
        line = frame.getLineNumber();
        break;
      }
    }
    return head + ": file: " + file + " line: " + line;
  }
}
