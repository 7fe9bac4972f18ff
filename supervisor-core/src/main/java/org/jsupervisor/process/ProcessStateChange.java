package org.jsupervisor.process;

/**
 * A process changed state; the raw material of PROCESS_STATE_* events.
 *
 * @param pid the pid at the time of the change (0 when none)
 * @param tries the backoff counter, reported by STARTING events
 * @param expected whether an exit was expected (meaningful for EXITED)
 */
public record ProcessStateChange(
    String group, String name, ProcessState from, ProcessState to, int pid, int tries,
    boolean expected) {}
