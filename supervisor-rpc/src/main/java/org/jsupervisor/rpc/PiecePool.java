package org.jsupervisor.rpc;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Spare 32 KB arrays for {@link XmlRpcWriter}'s pieces, so that a large answer (getAllProcessInfo
 * with a thousand programs is 42 pieces) reuses the arrays of the previous one instead of
 * allocating a megabyte per call: with the daemon's small heap that allocation meant a young
 * collection every other call, each promoting the answer in progress, and a full collection
 * every few calls. At most {@code max} arrays are kept; beyond that they are left to the
 * collector, as are those of an answer that is never released.
 */
final class PiecePool {
  static final int SIZE = 32 * 1024;
  /** Enough for one 1,500-program answer; 1.5 MB kept at most. */
  static final PiecePool SHARED = new PiecePool(48);

  private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
  private final AtomicInteger kept = new AtomicInteger();
  private final int max;

  PiecePool(int max) {
    this.max = max;
  }

  /** A spare array, or a new one; its old contents are garbage to be overwritten. */
  byte[] take() {
    byte[] b = free.poll();
    if (b == null) {
      return new byte[SIZE];
    }
    kept.decrementAndGet();
    return b;
  }

  /** Takes back an array nobody uses any more. */
  void give(byte[] b) {
    if (b.length != SIZE) {
      return;
    }
    if (kept.incrementAndGet() > max) {
      kept.decrementAndGet();
      return;
    }
    free.add(b);
  }

  int kept() {
    return kept.get();
  }
}
