package org.jsupervisor.config;

/** The {@code autorestart} policy of a program. */
public enum AutoRestart {
  /** {@code false}: an exited process stays EXITED. */
  NEVER,
  /** {@code unexpected}: restart when the exit code is not in {@code exitcodes}. */
  UNEXPECTED,
  /** {@code true}: always restart an exited process. */
  ALWAYS
}
