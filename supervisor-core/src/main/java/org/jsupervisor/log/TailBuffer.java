package org.jsupervisor.log;

import java.util.Arrays;

/**
 * The last bytes of one child stream, in memory, so that tailing a log ({@code tail -f}, the
 * {@code tailProcess*Log} calls) need not read the file. It holds what the stream produced after
 * {@code strip_ansi}, whether or not the file could be written, and is independent of rotation:
 * a rotation empties the file but not the tail.
 *
 * <p>Positions are stream offsets: byte {@code k} is the k-th byte this stream ever produced
 * (since the daemon started). {@link #written()} only grows; the buffer holds the stream offsets
 * {@code [written() - size(), written())}. A reader following the stream keeps the offset it has
 * read up to and calls {@link #readFrom}; if it fell behind by more than {@link #capacity()} it
 * gets the oldest bytes still held and can tell from the offsets how much it missed.
 *
 * <p>Memory is taken as output arrives, doubling up to the capacity, so a quiet program costs a
 * few KiB however large its limit. Loop thread only, like all process state: other threads read
 * it through the loop ({@code EventLoop.call}), which copies.
 */
public final class TailBuffer {
  /** The most any stream keeps: enough for any sensible tail, bounded for 1000 programs. */
  public static final int MAX_CAPACITY = 1 << 20;
  /** For streams whose log file is NONE or never rotates (maxbytes=0), where the limit says nothing. */
  public static final int DEFAULT_CAPACITY = 64 << 10;
  private static final int INITIAL = 4 << 10;

  private final int capacity;
  private byte[] ring = new byte[0];
  private int head; // where the next byte goes
  private int size; // bytes held
  private long written;

  public TailBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity < 1: " + capacity);
    }
    this.capacity = capacity;
  }

  /** {@code min(maxBytes, 1 MiB)} for a rotating log; {@link #DEFAULT_CAPACITY} for 0 or NONE. */
  public static TailBuffer forLimit(long maxBytes) {
    return new TailBuffer(maxBytes > 0 ? (int) Math.min(maxBytes, MAX_CAPACITY) : DEFAULT_CAPACITY);
  }

  public int capacity() {
    return capacity;
  }

  /** Bytes held now: {@code min(written(), capacity())}, less what {@link #clear} dropped. */
  public int size() {
    return size;
  }

  /** Every byte ever appended, including those no longer held. */
  public long written() {
    return written;
  }

  public void write(byte[] data, int off, int len) {
    written += len;
    if (len >= capacity) { // only the last `capacity` bytes survive
      ensure(capacity);
      System.arraycopy(data, off + len - capacity, ring, 0, capacity);
      head = 0;
      size = capacity;
      return;
    }
    ensure(Math.min(capacity, size + len));
    int first = Math.min(len, ring.length - head);
    System.arraycopy(data, off, ring, head, first);
    System.arraycopy(data, off + first, ring, 0, len - first);
    head = (head + len) % ring.length;
    size = Math.min(capacity, size + len);
  }

  /** The last {@code min(n, size())} bytes. */
  public byte[] tail(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n < 0: " + n);
    }
    return copy(Math.min(n, size), Math.min(n, size));
  }

  /**
   * Up to {@code max} bytes from stream offset {@code offset} on; from the oldest byte held if
   * {@code offset} is older than that; empty if {@code offset >= written()}.
   */
  public byte[] readFrom(long offset, int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max < 0: " + max);
    }
    long from = Math.max(offset, written - size);
    if (from >= written) {
      return new byte[0];
    }
    int back = (int) (written - from);
    return copy(back, Math.min(max, back));
  }

  /** The stream offset of the oldest byte held. */
  public long oldest() {
    return written - size;
  }

  /** Forgets the bytes held (clearProcessLogs); {@link #written()} keeps counting. */
  public void clear() {
    size = 0;
    head = 0;
    ring = new byte[0];
  }

  /** {@code count} bytes starting {@code back} bytes before the head. */
  private byte[] copy(int back, int count) {
    byte[] out = new byte[count];
    if (count == 0) {
      return out;
    }
    int start = Math.floorMod(head - back, ring.length);
    int first = Math.min(count, ring.length - start);
    System.arraycopy(ring, start, out, 0, first);
    System.arraycopy(ring, 0, out, first, count - first);
    return out;
  }

  /**
   * Grows the array to hold {@code needed} bytes. Below capacity nothing has wrapped yet (the
   * array grows before it would), so the held bytes are {@code [0, size)} and copy over as is.
   */
  private void ensure(int needed) {
    if (ring.length >= needed) {
      return;
    }
    int length = Math.min(capacity, Math.max(needed, Math.max(INITIAL, ring.length * 2)));
    ring = Arrays.copyOf(ring, length);
    head = size % length;
  }
}
