/**
 * The native POSIX layer: spawning children, their pipes, polling, reaping, signals, rlimits, log
 * files and the user database, bound to glibc with jnr-ffi ({@link org.jsupervisor.posix.LibC}).
 * Linux only (x86-64, arm64). Our own small bindings rather than jnr-posix, whose generated
 * implementation costs the daemon resident memory (figures in LibC).
 *
 * <p>How the event loop uses it, all from the loop thread unless noted:
 * <ul>
 *   <li>{@link org.jsupervisor.posix.Signals#install} once; the callback (a JDK signal thread)
 *       queues the signal and calls {@link org.jsupervisor.posix.WakeupPipe#wake()}.
 *   <li>Each iteration: {@link org.jsupervisor.posix.Poller#poll} over the wake-up pipe and the
 *       child pipes; {@link org.jsupervisor.posix.Fds#read} each ready fd until it returns -1
 *       (would block) or 0 (EOF: the stream closed, not the process); then
 *       {@link org.jsupervisor.posix.Reaper#reapOne} until empty, decoding with
 *       {@code ExitStatus.decode}.
 *   <li>{@link org.jsupervisor.posix.PosixSpawner#spawn} after {@code CommandResolver.resolve};
 *       {@link org.jsupervisor.posix.Kill} for stop/kill, ESRCH meaning "already gone".
 * </ul>
 *
 * <p>Never create a {@code java.lang.Process} in the daemon: the JDK would reap our children and
 * reset the SIGCHLD handler (a guard test enforces it).
 */
package org.jsupervisor.posix;
