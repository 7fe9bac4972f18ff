package org.jsupervisor.config;

/**
 * Where a child stream is logged: a path, an automatically named file in {@code childlogdir}, or
 * nowhere. The generated name of an {@link Auto} file is chosen when the group is activated, not
 * here, so that two parses of an unchanged config compare equal.
 */
public sealed interface LogFile {
  record Path(String path) implements LogFile {}

  record Auto() implements LogFile {}

  record None() implements LogFile {}

  LogFile AUTO = new Auto();
  LogFile NONE = new None();
}
