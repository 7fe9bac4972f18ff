package org.jsupervisor.rpc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes XML-RPC values straight into UTF-8 bytes, in the layout of Python's
 * {@code xmlrpc.client.dumps}: one element per line, {@code <int>}, {@code <boolean>1</boolean>},
 * strings with {@code & < >} escaped. Answers of a megabyte (getAllProcessInfo with a thousand
 * programs) are built without a String in between: the markup is copied from constant byte
 * arrays, and text that needs neither escaping nor encoding (nearly all) is copied as bytes.
 *
 * <p>Values are what the namespaces return: Boolean, Integer (and Short, Byte), Long (clamped
 * to 32 bits, as XML-RPC ints are), Double, String, byte[] (base64), List, Map (a struct, in
 * the map's order), and any {@link Encodable}, which writes itself.
 */
final class XmlRpcWriter {
  /** A value with its own, faster, writing; it must write what its generic form would. */
  interface Encodable {
    void writeTo(XmlRpcWriter out);
  }

  private static final byte[] INT_OPEN = ascii("<value><int>");
  private static final byte[] INT_CLOSE = ascii("</int></value>\n");
  private static final byte[] STRING_OPEN = ascii("<value><string>");
  private static final byte[] STRING_CLOSE = ascii("</string></value>\n");
  private static final byte[] TRUE = ascii("<value><boolean>1</boolean></value>\n");
  private static final byte[] FALSE = ascii("<value><boolean>0</boolean></value>\n");
  private static final byte[] ARRAY_OPEN = ascii("<value><array><data>\n");
  private static final byte[] ARRAY_CLOSE = ascii("</data></array></value>\n");
  private static final byte[] STRUCT_OPEN = ascii("<value><struct>\n");
  private static final byte[] STRUCT_CLOSE = ascii("</struct></value>\n");
  private static final byte[] MEMBER_OPEN = ascii("<member>\n<name>");
  private static final byte[] NAME_CLOSE = ascii("</name>\n");
  private static final byte[] MEMBER_CLOSE = ascii("</member>\n");
  private static final byte[] AMP = ascii("&amp;");
  private static final byte[] LT = ascii("&lt;");
  private static final byte[] GT = ascii("&gt;");
  /** Bytes that {@link #plainAscii} refuses: one table lookup is cheaper than five tests. */
  private static final boolean[] NOT_PLAIN = new boolean[256];

  static {
    for (int b = 0x80; b < 0x100; b++) {
      NOT_PLAIN[b] = true;
    }
    for (char c : "&<>?".toCharArray()) {
      NOT_PLAIN[c] = true;
    }
  }

  /**
   * The answer is kept in pieces rather than one growing array: a megabyte array (and its
   * copies as it grows) would not fit the young generation of the daemon's small heap. The
   * pieces come from a {@link PiecePool} and go back to it once the server has sent them.
   */
  private static final int CHUNK = PiecePool.SIZE;
  /** Text is written in slices of this many chars, each needing at most 6 bytes per char. */
  private static final int SLICE = 2048;

  private final PiecePool pool;
  private final List<ByteBuffer> done = new ArrayList<>();
  private final List<byte[]> borrowed = new ArrayList<>();
  private byte[] buf;
  private int len;

  /** @param capacity the first piece's size if smaller than a pooled piece: small answers */
  XmlRpcWriter(int capacity) {
    this(capacity, PiecePool.SHARED);
  }

  XmlRpcWriter(int capacity, PiecePool pool) {
    this.pool = pool;
    buf = capacity >= CHUNK ? borrow() : new byte[Math.max(64, capacity)];
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The bytes written, in pieces; the writer is done. */
  ResponseBytes finish() {
    done.add(ByteBuffer.wrap(buf, 0, len));
    buf = null;
    return new ResponseBytes(done, borrowed, pool);
  }

  /** The bytes written, in one array; the writer is done and its pieces go back at once. */
  byte[] toByteArray() {
    if (done.isEmpty() && borrowed.isEmpty()) {
      byte[] all = Arrays.copyOf(buf, len);
      buf = null;
      return all;
    }
    ResponseBytes pieces = finish();
    byte[] all = pieces.toByteArray();
    pieces.release();
    return all;
  }

  private byte[] borrow() {
    byte[] b = pool.take();
    borrowed.add(b);
    return b;
  }

  /** Markup, copied as it is. */
  XmlRpcWriter raw(byte[] bytes) {
    room(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
    return this;
  }

  /** Any supported value, as {@code <value>...</value>} and a newline. */
  void value(Object value) {
    if (value instanceof String s) {
      string(s);
    } else if (value instanceof Encodable e) {
      e.writeTo(this);
    } else if (value instanceof Boolean b) {
      raw(b ? TRUE : FALSE);
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      integer(((Number) value).intValue());
    } else if (value instanceof Long l) {
      integer(l);
    } else if (value instanceof List<?> list) {
      raw(ARRAY_OPEN);
      for (Object v : list) {
        value(v);
      }
      raw(ARRAY_CLOSE);
    } else if (value instanceof Map<?, ?> map) {
      beginStruct();
      for (var e : map.entrySet()) {
        name(String.valueOf(e.getKey()));
        value(e.getValue());
        endMember();
      }
      endStruct();
    } else if (value instanceof Double d) {
      raw(ascii("<value><double>" + d + "</double></value>\n"));
    } else if (value instanceof byte[] bytes) {
      raw(ascii("<value><base64>\n" + Base64.getMimeEncoder().encodeToString(bytes)
          + "\n</base64></value>\n"));
    } else {
      throw new IllegalArgumentException("cannot marshal " + (value == null ? "None"
          : value.getClass().getName()));
    }
  }

  void string(String s) {
    raw(STRING_OPEN);
    text(s);
    raw(STRING_CLOSE);
  }

  /** XML-RPC ints are 32-bit; Python refuses larger ones, we clamp (timestamps after 2038). */
  void integer(long v) {
    raw(INT_OPEN);
    decimal(Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)));
    raw(INT_CLOSE);
  }

  void beginStruct() {
    raw(STRUCT_OPEN);
  }

  /** Opens a member: its name; then one {@link #value} and {@link #endMember}. */
  void name(String name) {
    raw(MEMBER_OPEN);
    text(name);
    raw(NAME_CLOSE);
  }

  void endMember() {
    raw(MEMBER_CLOSE);
  }

  void endStruct() {
    raw(STRUCT_CLOSE);
  }

  /** A member whose name is constant markup ({@link #memberName}) and whose value is a string. */
  void member(byte[] memberName, String value) {
    raw(memberName);
    string(value);
    raw(MEMBER_CLOSE);
  }

  void member(byte[] memberName, long value) {
    raw(memberName);
    integer(value);
    raw(MEMBER_CLOSE);
  }

  /** The markup that opens a member named {@code name} (plain ASCII, nothing to escape). */
  static byte[] memberName(String name) {
    return ascii("<member>\n<name>" + name + "</name>\n");
  }

  /**
   * Escapes {@code & < >} and encodes UTF-8 as {@code String.getBytes(UTF_8)} does, an unpaired
   * surrogate becoming {@code ?}.
   */
  void text(String s) {
    int n = s.length();
    for (int from = 0; from < n; ) {
      int to = Math.min(n, from + SLICE);
      if (to < n && Character.isHighSurrogate(s.charAt(to - 1))) {
        to--; // keep a surrogate pair in one slice
      }
      room(6 * (to - from)); // "&amp;" is 5 bytes, a char of UTF-8 at most 3
      if (!plainAscii(s, from, to)) {
        encode(s, from, to);
      }
      from = to;
    }
  }

  /**
   * The common case, names and paths: if the slice is plain ASCII with nothing to escape, copies
   * it as bytes and returns true; else writes nothing. Encoding to ISO-8859-1 is one array copy
   * for the (usual) Latin-1 string; a char it cannot map becomes '?', so a '?' in the result
   * sends the slice the slow way too.
   */
  private boolean plainAscii(String s, int from, int to) {
    byte[] bytes = (from == 0 && to == s.length() ? s : s.substring(from, to))
        .getBytes(StandardCharsets.ISO_8859_1);
    for (byte b : bytes) {
      if (NOT_PLAIN[b & 0xff]) {
        return false;
      }
    }
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
    return true;
  }

  private void encode(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        switch (c) {
          case '&' -> copy(AMP);
          case '<' -> copy(LT);
          case '>' -> copy(GT);
          default -> buf[len++] = (byte) c;
        }
      } else if (c < 0x800) {
        buf[len++] = (byte) (0xc0 | (c >> 6));
        buf[len++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c) && i + 1 < to
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        buf[len++] = (byte) (0xf0 | (cp >> 18));
        buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        buf[len++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        buf[len++] = '?';
      } else {
        buf[len++] = (byte) (0xe0 | (c >> 12));
        buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        buf[len++] = (byte) (0x80 | (c & 0x3f));
      }
    }
  }

  /** An entity into room already made. */
  private void copy(byte[] entity) {
    System.arraycopy(entity, 0, buf, len, entity.length);
    len += entity.length;
  }

  private void decimal(long v) {
    room(20);
    if (v < 0) {
      buf[len++] = '-';
      v = -v; // at least Integer.MIN_VALUE here, so no overflow
    }
    int start = len;
    do {
      buf[len++] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v != 0);
    for (int i = start, j = len - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
  }

  /** Makes {@code n} contiguous bytes free in the current piece, starting a new one if needed. */
  private void room(int n) {
    if (len + n > buf.length) {
      done.add(ByteBuffer.wrap(buf, 0, len));
      buf = n <= CHUNK ? borrow() : new byte[n];
      len = 0;
    }
  }
}
