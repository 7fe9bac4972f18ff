package org.jsupervisor.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jsupervisor.process.Signal;
import org.junit.jupiter.api.Test;

/** Fds, Poller, WakeupPipe, Reaper and Signals on the real kernel. */
class LoopSupportTest {
  @Test
  void nonBlockingReadReportsWouldBlockDataAndEof() {
    Fds.Pipe pipe = Fds.pipe();
    byte[] buf = new byte[8];
    assertEquals(-1, Fds.read(pipe.readFd(), buf, 0, buf.length), "empty pipe would block");
    assertEquals(3, Fds.write(pipe.writeFd(), "xabcx".getBytes(), 1, 3));
    assertEquals(3, Fds.read(pipe.readFd(), buf, 2, 6), "reads into the given offset");
    assertArrayEquals(new byte[] {0, 0, 'a', 'b', 'c', 0, 0, 0}, buf);
    Fds.close(pipe.writeFd());
    assertEquals(0, Fds.read(pipe.readFd(), buf, 0, buf.length), "EOF once the writer is gone");
    Fds.close(pipe.readFd());
  }

  @Test
  void writeReportsAFullPipeAndThenEpipe() {
    Fds.Pipe pipe = Fds.pipe();
    byte[] chunk = new byte[65536];
    int total = 0;
    int n;
    while ((n = Fds.write(pipe.writeFd(), chunk, 0, chunk.length)) > 0) {
      total += n;
    }
    assertEquals(-1, n, "full pipe would block");
    assertTrue(total >= 4096);
    Fds.close(pipe.readFd());
    PosixException e = assertThrows(PosixException.class, () -> Fds.write(pipe.writeFd(), chunk, 0, 1));
    assertEquals(Errno.EPIPE, e.errno());
    assertEquals("write: EPIPE (32)", e.getMessage());
    Fds.close(pipe.writeFd());
  }

  @Test
  void errorsNameTheCallAndErrno() {
    PosixException e = assertThrows(PosixException.class, () -> Fds.read(999_999, new byte[1], 0, 1));
    assertEquals("read: EBADF (9)", e.getMessage());
    assertEquals("read", e.call());
    assertEquals("ENOENT", Errno.name(Errno.ENOENT));
    assertEquals("4242", Errno.name(4242));
  }

  @Test
  void pollTimesOutWithNothingReadyAndReportsReadiness() {
    Fds.Pipe pipe = Fds.pipe();
    Poller poller = new Poller();
    int[] fds = {pipe.readFd(), pipe.writeFd(), -1};
    short[] events = {Poller.POLLIN, Poller.POLLOUT, Poller.POLLIN};
    short[] revents = new short[3];
    assertEquals(1, poller.poll(fds, events, revents, 3, 10), "only the write end is ready");
    assertArrayEquals(new short[] {0, Poller.POLLOUT, 0}, revents);
    assertEquals(0, poller.poll(fds, events, revents, 1, 10), "timeout");
    Fds.close(pipe.writeFd());
    assertEquals(1, poller.poll(fds, events, revents, 1, 10));
    assertTrue((revents[0] & Poller.POLLHUP) != 0, "hang-up after the writer closed");
    Fds.close(pipe.readFd());
  }

  @Test
  void pollerGrowsBeyondItsInitialCapacity() {
    Fds.Pipe pipe = Fds.pipe();
    int count = 200;
    int[] fds = new int[count];
    short[] events = new short[count];
    java.util.Arrays.fill(fds, pipe.writeFd());
    java.util.Arrays.fill(events, Poller.POLLOUT);
    assertEquals(count, new Poller().poll(fds, events, new short[count], count, 0));
    Fds.closeQuietly(pipe.readFd(), pipe.writeFd());
  }

  @Test
  void wakeFromAnotherThreadEndsAPollAndDrainRearmsIt() throws Exception {
    try (WakeupPipe wakeup = new WakeupPipe()) {
      Poller poller = new Poller();
      int[] fds = {wakeup.readFd()};
      short[] events = {Poller.POLLIN};
      short[] revents = new short[1];
      Thread waker = new Thread(() -> {
        for (int i = 0; i < 100_000; i++) {
          wakeup.wake(); // far more than a pipe holds: a full pipe must not fail
        }
      });
      waker.start();
      assertEquals(1, poller.poll(fds, events, revents, 1, 20_000));
      waker.join();
      wakeup.drain();
      assertEquals(0, poller.poll(fds, events, revents, 1, 0), "drained");
    }
  }

  @Test
  void wakeAfterCloseIsHarmless() {
    WakeupPipe wakeup = new WakeupPipe();
    wakeup.close();
    wakeup.wake();
    wakeup.close();
  }

  @Test
  void reaperHasNothingToReapWithoutExitedChildren() {
    try (Children children = new Children()) {
      children.reapAll(); // leftovers of other tests, if any
    }
    assertEquals(Optional.empty(), new Reaper().reapOne());
  }

  @Test
  void signalHandlerRunsTheCallbackAndCanBeRemoved() throws Exception {
    CountDownLatch received = new CountDownLatch(1);
    try (Signals signals = Signals.install(List.of(Signal.USR2), s -> {
      if (s.equals(Signal.USR2)) {
        received.countDown();
      }
    })) {
      assertEquals(0, Kill.kill(LibC.INSTANCE.getpid(), Signal.USR2));
      assertTrue(received.await(20, TimeUnit.SECONDS));
    }
  }

  @Test
  void quitCannotBeHandledOnTheJvm() {
    assertThrows(IllegalArgumentException.class,
        () -> Signals.install(List.of(Signal.of(3)), s -> {}));
  }

  @Test
  void killRefusesPidsThatWouldHitOurOwnGroupOrEveryone() {
    assertThrows(IllegalArgumentException.class, () -> Kill.kill(0, Signal.TERM));
    assertThrows(IllegalArgumentException.class, () -> Kill.kill(-1, Signal.TERM));
    assertThrows(IllegalArgumentException.class, () -> Kill.killGroup(1, Signal.TERM));
  }
}
