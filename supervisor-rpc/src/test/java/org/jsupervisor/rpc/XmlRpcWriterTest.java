package org.jsupervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jsupervisor.process.ProcessState;
import org.junit.jupiter.api.Test;

/**
 * The byte writer against the String-based encoder it replaced (kept below as the oracle):
 * the same bytes for every kind of value, and a {@link ProcessInfo} writes exactly what its
 * generic struct would.
 */
class XmlRpcWriterTest {
  private final Random random = new Random(42);

  @Test
  void randomValuesAreWrittenAsThePreviousEncoderWroteThem() {
    for (int i = 0; i < 3000; i++) {
      Object value = randomValue(0);
      assertArrayEquals(previousResponse(value), XmlRpcCodec.response(value), () -> "" + value);
    }
  }

  @Test
  void textIsEscapedAndEncodedLikeStringGetBytes() {
    for (String s : List.of("", "plain", "a&b<c>d", "é ü ß", "€ 中文", "emoji \uD83D\uDE00 ok",
        "lone high \uD800 x", "lone low \uDC00 y", "ends high \uD800", "\u0000\u0001\t\n",
        "&&&<<<>>>", "\u07ff\u0800\uffff")) {
      assertArrayEquals(previousResponse(s), XmlRpcCodec.response(s), s);
    }
  }

  @Test
  void aProcessInfoWritesWhatItsStructWould() {
    ZoneId zone = ZoneId.of("Europe/Berlin");
    var infos = new ArrayList<ProcessInfo>();
    for (ProcessState state : ProcessState.values()) {
      infos.add(new ProcessInfo("web", "web", 1_700_000_000L, 1_700_000_100L, 1_700_000_200L,
          state, "", 0, "/var/log/web.log", "", 42, zone));
      infos.add(new ProcessInfo("w<&>1", "grp", 0, 0, 1_700_000_200L, state,
          "spawn error: <é \uD83D\uDE00>", -1, "", "/tmp/ü.log", 0, zone));
      infos.add(new ProcessInfo("late", "g", 1L << 33, 1L << 33, 1L << 33, state, "x", 255,
          "a", "b", Integer.MAX_VALUE, zone)); // after 2038: clamped
    }
    for (ProcessInfo info : infos) {
      assertArrayEquals(previousResponse(info.toStruct()), XmlRpcCodec.response(info),
          info::toString);
    }
    var structs = infos.stream().map(i -> (Object) i.toStruct()).toList();
    assertArrayEquals(previousResponse(structs), XmlRpcCodec.response(infos));
    assertArrayEquals(previousResponse(List.of(structs, "x")),
        XmlRpcCodec.response(List.of(infos, "x")), "nested, as in a multicall");
  }

  @Test
  void theStructMembersAreSupervisordsInItsOrder() {
    var info = new ProcessInfo("web", "grp", 100, 0, 160, ProcessState.RUNNING, "", 0, "/o",
        "/e", 42, ZoneId.of("UTC"));
    assertEquals(List.of("name", "group", "start", "stop", "now", "state", "statename",
        "spawnerr", "exitstatus", "logfile", "stdout_logfile", "stderr_logfile", "pid",
        "description"), List.copyOf(info.toStruct().keySet()));
    assertEquals("pid 42, uptime 0:01:00", info.toStruct().get("description"));
    assertEquals("grp:web", info.namespec());
  }

  @Test
  void piecesAreBorrowedFromThePoolAndGivenBackOnceReleased() {
    var pool = new PiecePool(100);
    var big = new ArrayList<Object>();
    for (int i = 0; i < 2000; i++) {
      big.add("entry " + i + " <&> é"); // several pieces
    }
    byte[] expected = previousResponse(big);

    var first = write(big, pool);
    int pieces = first.buffers().size();
    assertTrue(pieces >= 3, "pieces: " + pieces);
    assertEquals(0, pool.kept(), "all borrowed while the answer is being sent");
    assertArrayEquals(expected, first.toByteArray());
    first.release();
    assertEquals(pieces, pool.kept(), "given back once sent");
    first.release();
    assertEquals(pieces, pool.kept(), "only the first release counts: no array is lent twice");

    // The next answers reuse the arrays, stale bytes and all: only what they write is sent.
    var second = write(List.of("short"), pool);
    assertArrayEquals(previousResponse(List.of("short")), second.toByteArray());
    var third = write(big, pool);
    assertArrayEquals(expected, third.toByteArray());
    assertEquals(0, pool.kept());
    second.release();
    third.release();
    assertEquals(pieces + 1, pool.kept());

    var bounded = new PiecePool(2);
    write(big, bounded).release();
    assertEquals(2, bounded.kept(), "never more than the pool's bound");
  }

  private static ResponseBytes write(Object value, PiecePool pool) {
    var out = new XmlRpcWriter(PiecePool.SIZE, pool);
    out.raw(XmlRpcWriter.ascii("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"));
    out.value(value);
    out.raw(XmlRpcWriter.ascii("</param>\n</params>\n</methodResponse>\n"));
    return out.finish();
  }

  @Test
  void responseBytesAreResponsesBytes() {
    var value = List.of(Map.of("k", "v"), 5, true);
    ResponseBytes bytes = XmlRpcCodec.responseBytes(value);
    assertArrayEquals(XmlRpcCodec.response(value), bytes.toByteArray());
    bytes.release();
  }

  private Object randomValue(int depth) {
    int kind = random.nextInt(depth > 3 ? 7 : 9);
    return switch (kind) {
      case 0 -> random.nextBoolean();
      case 1 -> random.nextInt();
      case 2 -> random.nextLong() >> random.nextInt(64);
      case 3 -> random.nextDouble() * 1e6;
      case 4 -> randomString();
      case 5 -> randomBytes();
      case 6 -> (short) random.nextInt();
      case 7 -> {
        var list = new ArrayList<Object>();
        for (int n = random.nextInt(5); n > 0; n--) {
          list.add(randomValue(depth + 1));
        }
        yield list;
      }
      default -> {
        var map = new LinkedHashMap<String, Object>();
        for (int n = random.nextInt(5); n > 0; n--) {
          map.put(randomString(), randomValue(depth + 1));
        }
        yield map;
      }
    };
  }

  private String randomString() {
    char[] alphabet = {'a', 'Z', '0', ' ', '&', '<', '>', '"', '\n', 'é', '€', '\uD83D',
        '\uDE00', '\u0800', '\u0001'};
    var sb = new StringBuilder();
    for (int n = random.nextInt(12); n > 0; n--) {
      sb.append(alphabet[random.nextInt(alphabet.length)]);
    }
    return sb.toString();
  }

  private byte[] randomBytes() {
    byte[] b = new byte[random.nextInt(100)];
    random.nextBytes(b);
    return b;
  }

  // The encoder as it was before XmlRpcWriter: the oracle for byte-for-byte equality.

  private static byte[] previousResponse(Object value) {
    var out = new StringBuilder(256);
    out.append("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n");
    previousDump(value, out);
    out.append("</param>\n</params>\n</methodResponse>\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void previousDump(Object value, StringBuilder out) {
    if (value instanceof Boolean b) {
      out.append("<value><boolean>").append(b ? '1' : '0').append("</boolean></value>\n");
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      out.append("<value><int>").append(value).append("</int></value>\n");
    } else if (value instanceof Long l) {
      long clamped = Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l));
      out.append("<value><int>").append(clamped).append("</int></value>\n");
    } else if (value instanceof Double d) {
      out.append("<value><double>").append(d).append("</double></value>\n");
    } else if (value instanceof String s) {
      out.append("<value><string>").append(previousEscape(s)).append("</string></value>\n");
    } else if (value instanceof byte[] bytes) {
      out.append("<value><base64>\n").append(Base64.getMimeEncoder().encodeToString(bytes))
          .append("\n</base64></value>\n");
    } else if (value instanceof List<?> list) {
      out.append("<value><array><data>\n");
      for (Object v : list) {
        previousDump(v, out);
      }
      out.append("</data></array></value>\n");
    } else if (value instanceof Map<?, ?> map) {
      out.append("<value><struct>\n");
      for (var e : map.entrySet()) {
        out.append("<member>\n<name>").append(previousEscape(String.valueOf(e.getKey())))
            .append("</name>\n");
        previousDump(e.getValue(), out);
        out.append("</member>\n");
      }
      out.append("</struct></value>\n");
    } else {
      throw new IllegalArgumentException("cannot marshal " + value);
    }
  }

  private static String previousEscape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
