package org.jsupervisor.rpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile variants of real XML-RPC calls, for the randomised tests of the decoder and the server:
 * well-formed calls to start from, then one to four mutations each (bytes flipped, cut, repeated,
 * spliced, XML fragments, bad encodings, deep nesting). A seed fixes the whole sequence, so a
 * failure printed with its seed can be replayed with {@code -Djsupervisor.fuzzSeed=<seed>}.
 */
public final class XmlRpcMutator {
  /** Bodies never grow past this, well under the server's 4 MiB limit. */
  static final int MAX_BODY = 512 * 1024;

  private static final List<byte[]> SEEDS = List.of(
      XmlRpcCodec.call("supervisor.getState"),
      XmlRpcCodec.call("supervisor.getProcessInfo", "deaf"),
      XmlRpcCodec.call("supervisor.getAllProcessInfo"),
      XmlRpcCodec.call("supervisor.readLog", 0, 100),
      XmlRpcCodec.call("system.methodHelp", "supervisor.getState"),
      XmlRpcCodec.call("supervisor.getAPIVersion", 1, true, 2.5, "x&<>",
          "é€😀".getBytes(StandardCharsets.UTF_8)),
      XmlRpcCodec.call("system.multicall", List.of(
          struct("supervisor.getState", List.of()),
          struct("supervisor.getPID", List.of(List.of(1, 2)))))
  );

  /** A multicall entry, members in a fixed order (Map.of's order changes from run to run). */
  private static Map<String, Object> struct(String method, List<Object> params) {
    var m = new java.util.LinkedHashMap<String, Object>();
    m.put("methodName", method);
    m.put("params", params);
    return m;
  }

  private static final List<String> FRAGMENTS = List.of(
      "<value>", "</value>", "<array>", "</array>", "<data>", "</data>", "<struct>", "</struct>",
      "<member>", "</member>", "<name>", "</name>", "<params>", "</params>", "<param>",
      "</param>", "<int>", "</int>", "<i4>2147483648</i4>", "<boolean>2</boolean>", "<nil/>",
      "<double>1e999</double>", "<double>NaN</double>", "<base64>!!==</base64>",
      "<dateTime.iso8601>x</dateTime.iso8601>", "<string>", "</string>", "&amp;", "&lt;",
      "&#0;", "&#x10FFFF;", "&#xD800;", "&bogus;", "<![CDATA[\n]]>", "]]>", "<!-- -->",
      "<?pi x?>", "<!DOCTYPE methodCall>", "<!DOCTYPE r [<!ENTITY a 'aaaa'>]>",
      "<?xml version='1.0' encoding='UTF-16'?>", "<?xml version='1.1'?>", "\u0000", "\r\n",
      "\n2026-01-01 00:00:00,000 CRIT forged\n", "\u2028", "<a:b xmlns:a='u'>", " x='1' ",
      "<methodName>", "</methodName>", "<methodCall>", "</methodCall>");

  private final Random random;

  public XmlRpcMutator(long seed) {
    this.random = new Random(seed);
  }

  /** The seed to use: {@code jsupervisor.fuzzSeed} if set, else a new one each run. */
  public static long seed() {
    String s = System.getProperty("jsupervisor.fuzzSeed");
    return s != null ? Long.parseLong(s) : new Random().nextLong();
  }

  /** The next hostile body. */
  public byte[] next() {
    byte[] body = SEEDS.get(random.nextInt(SEEDS.size()));
    int mutations = 1 + random.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      body = mutate(body);
      if (body.length > MAX_BODY) {
        body = Arrays.copyOf(body, MAX_BODY);
      }
    }
    return body;
  }

  private byte[] mutate(byte[] b) {
    int at = b.length == 0 ? 0 : random.nextInt(b.length + 1);
    return switch (random.nextInt(9)) {
      case 0 -> { // flip a byte
        byte[] c = b.clone();
        if (c.length > 0) {
          c[Math.min(at, c.length - 1)] = (byte) random.nextInt(256);
        }
        yield c;
      }
      case 1 -> { // cut a range
        int end = Math.min(b.length, at + random.nextInt(64));
        yield concat(Arrays.copyOfRange(b, 0, at), Arrays.copyOfRange(b, end, b.length));
      }
      case 2 -> insert(b, at, FRAGMENTS.get(random.nextInt(FRAGMENTS.size()))
          .getBytes(StandardCharsets.UTF_8));
      case 3 -> { // repeat a range, often enough to nest deeply
        int end = Math.min(b.length, at + 1 + random.nextInt(40));
        byte[] range = Arrays.copyOfRange(b, at, end);
        int times = 1 + random.nextInt(random.nextBoolean() ? 8 : 5000);
        var out = new ByteArrayOutputStream();
        out.write(b, 0, at);
        for (int i = 0; i < times && out.size() < MAX_BODY; i++) {
          out.write(range, 0, range.length);
        }
        out.write(b, at, b.length - at);
        yield out.toByteArray();
      }
      case 4 -> { // deep nesting of one kind, closed or not
        String open = random.nextBoolean() ? "<value><array><data>" : "<value><struct><member>"
            + "<name>n</name>";
        String close = open.startsWith("<value><array>") ? "</data></array></value>"
            : "</member></struct></value>";
        int depth = 1 + random.nextInt(random.nextBoolean() ? 300 : 12_000);
        String nest = open.repeat(depth) + "<value>v</value>"
            + (random.nextInt(4) == 0 ? "" : close.repeat(depth));
        yield insert(b, at, nest.getBytes(StandardCharsets.UTF_8));
      }
      case 5 -> Arrays.copyOf(b, at); // truncate
      case 6 -> { // splice with another seed
        byte[] other = SEEDS.get(random.nextInt(SEEDS.size()));
        int from = random.nextInt(other.length);
        yield concat(Arrays.copyOf(b, at), Arrays.copyOfRange(other, from, other.length));
      }
      case 7 -> insert(b, at, randomBytes(1 + random.nextInt(16)));
      default -> { // a long text, which the old decoder copied at every level
        byte[] text = new byte[random.nextInt(64 * 1024)];
        Arrays.fill(text, (byte) 'x');
        yield insert(b, at, text);
      }
    };
  }

  private byte[] randomBytes(int n) {
    byte[] r = new byte[n];
    random.nextBytes(r);
    return r;
  }

  private static byte[] insert(byte[] b, int at, byte[] piece) {
    return concat(concat(Arrays.copyOf(b, at), piece), Arrays.copyOfRange(b, at, b.length));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** The parameter values a decoded call may hold, checked in depth (lists, maps, leaves). */
  static List<String> badValues(Object value) {
    var bad = new ArrayList<String>();
    var stack = new ArrayList<Object>(List.of(value));
    while (!stack.isEmpty()) {
      Object v = stack.remove(stack.size() - 1);
      if (v instanceof List<?> l) {
        stack.addAll(l);
      } else if (v instanceof Map<?, ?> m) {
        m.keySet().forEach(k -> {
          if (!(k instanceof String)) {
            bad.add("key " + k);
          }
        });
        stack.addAll(m.values());
      } else if (!(v instanceof Integer || v instanceof Boolean || v instanceof String
          || v instanceof Double || v instanceof byte[])) {
        bad.add(String.valueOf(v));
      }
    }
    return bad;
  }
}
