package org.jsupervisor.process;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * supervisord's capture mode for one output stream ({@code <channel>_capture_maxbytes > 0}):
 * text between {@code <!--XSUPERVISOR:BEGIN-->} and {@code <!--XSUPERVISOR:END-->} is kept in a
 * bounded buffer instead of the log, and handed over as one PROCESS_COMMUNICATION event at END.
 *
 * <p>This follows {@code POutputDispatcher.record_output} on purpose, quirks included: while
 * fewer bytes than the awaited token plus one are buffered nothing is passed on (so short lines
 * are logged late, together with the next chunk), a token split across reads is found because a
 * tail that could start it is held back, and the capture buffer overflows as supervisord's
 * {@code BoundIO} does (dropping as many bytes from its front as are being added).
 */
final class CaptureMode {
  static final byte[] BEGIN = "<!--XSUPERVISOR:BEGIN-->".getBytes(StandardCharsets.US_ASCII);
  static final byte[] END = "<!--XSUPERVISOR:END-->".getBytes(StandardCharsets.US_ASCII);

  /** Where the pieces go; called synchronously from {@link #feed}. */
  interface Sink {
    /** Output to log normally ({@code captured} false) or into the capture buffer (true). */
    void output(byte[] data, int off, int len, boolean captured);

    /** END was seen: everything captured since BEGIN (at most maxBytes, see BoundIO). */
    void communication(byte[] captured);
  }

  private final long maxBytes;
  private final Sink sink;
  private byte[] pending = new byte[0];
  private byte[] captured = new byte[0];
  private boolean capturing;

  CaptureMode(long maxBytes, Sink sink) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes < 1: " + maxBytes);
    }
    this.maxBytes = maxBytes;
    this.sink = sink;
  }

  void feed(byte[] data, int off, int len) {
    byte[] joined = Arrays.copyOf(pending, pending.length + len);
    System.arraycopy(data, off, joined, pending.length, len);
    pending = joined;
    while (true) {
      byte[] token = capturing ? END : BEGIN;
      if (pending.length <= token.length) {
        return; // not enough data, as supervisord decides
      }
      byte[] chunk = pending;
      pending = new byte[0];
      int at = indexOf(chunk, token);
      if (at < 0) {
        int keep = prefixAtEnd(chunk, token);
        pending = Arrays.copyOfRange(chunk, chunk.length - keep, chunk.length);
        log(chunk, 0, chunk.length - keep);
        return;
      }
      log(chunk, 0, at);
      toggle();
      pending = Arrays.copyOfRange(chunk, at + token.length, chunk.length);
      if (pending.length == 0) {
        return;
      }
    }
  }

  private void log(byte[] data, int off, int len) {
    if (len == 0) {
      return;
    }
    if (capturing) {
      // BoundIO.write: drop len bytes from the front when the new bytes do not fit
      byte[] kept = captured.length + len > maxBytes
          ? Arrays.copyOfRange(captured, Math.min(len, captured.length), captured.length) : captured;
      byte[] next = Arrays.copyOf(kept, kept.length + len);
      System.arraycopy(data, off, next, kept.length, len);
      captured = next;
    }
    sink.output(data, off, len, capturing);
  }

  private void toggle() {
    capturing = !capturing;
    if (!capturing) {
      byte[] done = captured;
      captured = new byte[0];
      sink.communication(done);
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** supervisord's {@code find_prefix_at_end}: the longest proper prefix of needle ending haystack. */
  static int prefixAtEnd(byte[] haystack, byte[] needle) {
    for (int l = needle.length - 1; l > 0; l--) {
      if (l <= haystack.length && Arrays.equals(haystack, haystack.length - l, haystack.length,
          needle, 0, l)) {
        return l;
      }
    }
    return 0;
  }
}
