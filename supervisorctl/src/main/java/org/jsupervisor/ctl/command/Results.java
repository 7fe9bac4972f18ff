package org.jsupervisor.ctl.command;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jsupervisor.ctl.Controller;
import org.jsupervisor.ctl.Namespec;
import org.jsupervisor.ctl.rpc.Fault;
import org.jsupervisor.ctl.rpc.Faults;

/** Turns the result structs of start/stop/signal/clear (or a fault standing in for one) into lines. */
final class Results {
  private Results() {}

  /** A result struct built from a fault on a single process, as supervisorctl does. */
  static Map<String, Object> fromFault(Fault fault, Namespec spec) {
    return Map.of("status", fault.code(), "name", spec.process() == null ? "None" : spec.process(), "group", spec.group(),
        "description", fault.faultString());
  }

  /**
   * Prints one line per result struct and sets the exit status from each one's fault, which
   * {@code benignFault} (-1 for none) does not count, as supervisorctl does.
   */
  static void report(Controller ctl, List<Map<String, Object>> results,
      Function<Map<String, Object>, String> line, int benignFault) {
    for (var result : results) {
      ctl.output(line.apply(result));
      ctl.setExitStatusFromFault(status(result), benignFault);
    }
  }

  static int status(Map<String, Object> result) {
    return ((Number) result.get("status")).intValue();
  }

  static String name(Map<String, Object> result) {
    return Namespec.make(String.valueOf(result.get("group")), String.valueOf(result.get("name")));
  }

  static String start(Map<String, Object> result) {
    String name = name(result);
    return switch (status(result)) {
      case Faults.BAD_NAME -> name + ": ERROR (no such process)";
      case Faults.NO_FILE -> name + ": ERROR (no such file)";
      case Faults.NOT_EXECUTABLE -> name + ": ERROR (file is not executable)";
      case Faults.ALREADY_STARTED -> name + ": ERROR (already started)";
      case Faults.SPAWN_ERROR -> name + ": ERROR (spawn error)";
      case Faults.ABNORMAL_TERMINATION -> name + ": ERROR (abnormal termination)";
      case Faults.SUCCESS -> name + ": started";
      default -> throw new IllegalStateException("Unknown result code " + status(result) + " for " + name);
    };
  }

  static String signal(Map<String, Object> result, String success) {
    String name = name(result);
    return switch (status(result)) {
      case Faults.BAD_NAME -> name + ": ERROR (no such process)";
      case Faults.BAD_SIGNAL -> name + ": ERROR (bad signal name)";
      case Faults.NOT_RUNNING -> name + ": ERROR (not running)";
      case Faults.SUCCESS -> name + ": " + success;
      case Faults.FAILED -> String.valueOf(result.get("description"));
      default -> throw new IllegalStateException("Unknown result code " + status(result) + " for " + name);
    };
  }

  static String clear(Map<String, Object> result) {
    String name = name(result);
    return switch (status(result)) {
      case Faults.BAD_NAME -> name + ": ERROR (no such process)";
      case Faults.FAILED -> name + ": ERROR (failed)";
      case Faults.SUCCESS -> name + ": cleared";
      default -> throw new IllegalStateException("Unknown result code " + status(result) + " for " + name);
    };
  }
}
