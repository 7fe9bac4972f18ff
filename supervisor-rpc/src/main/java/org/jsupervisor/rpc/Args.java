package org.jsupervisor.rpc;

import java.util.List;

/** Typed access to XML-RPC arguments; a wrong type is INCORRECT_PARAMETERS, as in supervisord. */
final class Args {
  private Args() {}

  static String string(List<Object> args, int i) {
    if (args.get(i) instanceof String s) {
      return s;
    }
    throw new Fault(FaultCode.INCORRECT_PARAMETERS);
  }

  static int integer(List<Object> args, int i) {
    if (args.get(i) instanceof Integer n) {
      return n;
    }
    throw new Fault(FaultCode.INCORRECT_PARAMETERS);
  }

  /** Python truthiness for the {@code wait} flags: a missing argument means true. */
  static boolean flag(List<Object> args, int i) {
    if (args.size() <= i) {
      return true;
    }
    Object v = args.get(i);
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Integer n) {
      return n != 0;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    throw new Fault(FaultCode.INCORRECT_PARAMETERS);
  }

  /** A signal given as a name or number; numbers may come as {@code <int>}. */
  static String signal(List<Object> args, int i) {
    Object v = args.get(i);
    if (v instanceof String || v instanceof Integer) {
      return v.toString();
    }
    throw new Fault(FaultCode.INCORRECT_PARAMETERS);
  }
}
