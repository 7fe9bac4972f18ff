package org.jsupervisor.rpc;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An encoded XML-RPC answer in pieces, some of whose arrays are borrowed from a
 * {@link PiecePool}. Whoever sends it calls {@link #release} once every byte is written; from
 * then on the arrays belong to the next answer, so nothing may read the buffers any more.
 * Releasing is optional (an answer that is never released is simply collected) and only the
 * first call counts, so no array can be handed out twice.
 */
public final class ResponseBytes {
  private final List<ByteBuffer> buffers;
  private final List<byte[]> borrowed;
  private final PiecePool pool;
  private final AtomicBoolean released = new AtomicBoolean();

  ResponseBytes(List<ByteBuffer> buffers, List<byte[]> borrowed, PiecePool pool) {
    this.buffers = List.copyOf(buffers);
    this.borrowed = List.copyOf(borrowed);
    this.pool = pool;
  }

  /** The bytes, in order; each buffer from its position to its limit. */
  public List<ByteBuffer> buffers() {
    return buffers;
  }

  public long length() {
    long n = 0;
    for (ByteBuffer b : buffers) {
      n += b.remaining();
    }
    return n;
  }

  /** The bytes in one array (a copy). */
  public byte[] toByteArray() {
    byte[] all = new byte[Math.toIntExact(length())];
    int at = 0;
    for (ByteBuffer b : buffers) {
      int n = b.remaining();
      b.duplicate().get(all, at, n);
      at += n;
    }
    return all;
  }

  /** Gives the borrowed arrays back; the buffers must not be read afterwards. */
  public void release() {
    if (released.compareAndSet(false, true)) {
      borrowed.forEach(pool::give);
    }
  }
}
