package org.jsupervisor.config;

/** What kind of section a process group comes from. */
public enum GroupKind {
  /** A {@code [program:x]} that is not listed in any {@code [group:g]}: one group named x. */
  PROGRAM,
  /** A {@code [group:g]} listing programs. */
  HETEROGENEOUS,
  /** An {@code [eventlistener:x]} pool. */
  EVENT_LISTENER,
  /** An {@code [fcgi-program:x]} with its socket. */
  FCGI
}
