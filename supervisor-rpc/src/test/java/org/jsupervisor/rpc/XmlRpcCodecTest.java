package org.jsupervisor.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmlRpcCodecTest {
  private static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void responsesAreByteForByteWhatPythonWrites() {
    var m = new LinkedHashMap<String, Object>();
    m.put("a", 1);
    m.put("b", List.of(true, "x<&>"));
    assertEquals("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"
        + "<value><struct>\n<member>\n<name>a</name>\n<value><int>1</int></value>\n</member>\n"
        + "<member>\n<name>b</name>\n<value><array><data>\n<value><boolean>1</boolean></value>\n"
        + "<value><string>x&lt;&amp;&gt;</string></value>\n</data></array></value>\n</member>\n"
        + "</struct></value>\n</param>\n</params>\n</methodResponse>\n",
        str(XmlRpcCodec.response(m)));
  }

  @Test
  void faultsCarryCodeAndNameWithDetail() {
    assertEquals("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n"
        + "<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n<member>\n"
        + "<name>faultString</name>\n<value><string>BAD_NAME: foo</string></value>\n</member>\n"
        + "</struct></value>\n</fault>\n</methodResponse>\n",
        str(XmlRpcCodec.fault(new Fault(FaultCode.BAD_NAME, "foo"))));
    assertEquals("SHUTDOWN_STATE", new Fault(FaultCode.SHUTDOWN_STATE).faultString());
  }

  @Test
  void longsAreClampedTo32Bits() {
    assertEquals(true, str(XmlRpcCodec.response(1L << 40)).contains("<int>2147483647</int>"));
  }

  @Test
  void parsesEveryTypeSupervisordAccepts() throws Exception {
    String xml = "<?xml version='1.0'?><methodCall><methodName>x.y</methodName><params>"
        + "<param><value><i4>5</i4></value></param>"
        + "<param><value><int>-3</int></value></param>"
        + "<param><value><boolean>0</boolean></value></param>"
        + "<param><value>untyped</value></param>"
        + "<param><value><double>1.5</double></value></param>"
        + "<param><value><base64>aGk=</base64></value></param>"
        + "<param><value><array><data><value><string>a</string></value></data></array></value></param>"
        + "<param><value><struct><member><name>k</name><value><int>1</int></value></member></struct></value></param>"
        + "</params></methodCall>";
    MethodCall call = XmlRpcCodec.parseCall(xml.getBytes(StandardCharsets.UTF_8));
    assertEquals("x.y", call.methodName());
    assertEquals(5, call.params().get(0));
    assertEquals(-3, call.params().get(1));
    assertEquals(false, call.params().get(2));
    assertEquals("untyped", call.params().get(3));
    assertEquals(1.5, call.params().get(4));
    assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), (byte[]) call.params().get(5));
    assertEquals(List.of("a"), call.params().get(6));
    assertEquals(java.util.Map.of("k", 1), call.params().get(7));
  }

  @Test
  void missingParamsMeansNoArguments() throws Exception {
    var call = XmlRpcCodec.parseCall("<methodCall><methodName>a.b</methodName></methodCall>"
        .getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(), call.params());
  }

  @Test
  void roundTripsItsOwnCalls() throws Exception {
    var call = XmlRpcCodec.parseCall(XmlRpcCodec.call("supervisor.startProcess", "web", false));
    assertEquals(List.of("web", false), call.params());
  }

  @Test
  void refusesDoctypesExternalEntitiesAndBillionLaughs() throws Exception {
    String xxe = "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
        + "<methodCall><methodName>&x;</methodName></methodCall>";
    String laughs = "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY a 'aaaaaaaaaa'>"
        + "<!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'><!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]>"
        + "<methodCall><methodName>&c;</methodName></methodCall>";
    for (String bad : List.of(xxe, laughs, "garbage", "<methodCall>", "<other/>",
        "<methodCall><methodName></methodName></methodCall>",
        "<methodCall><methodName>a.b</methodName><params><param><value><int>x</int></value>"
            + "</param></params></methodCall>")) {
      assertThrows(XmlRpcCodec.MalformedRequest.class,
          () -> XmlRpcCodec.parseCall(bad.getBytes(StandardCharsets.UTF_8)), bad);
      // The thread's parser is reused: still hardened, and still working, after a refusal.
      assertEquals("a.b", XmlRpcCodec.parseCall(XmlRpcCodec.call("a.b")).methodName());
    }
  }

  private static byte[] callWith(String paramXml) {
    return ("<?xml version='1.0'?><methodCall><methodName>x.y</methodName><params><param>"
        + paramXml + "</param></params></methodCall>").getBytes(StandardCharsets.UTF_8);
  }

  /** {@code levels} arrays, one inside the other, each holding {@code filler} then the next. */
  private static byte[] nestedArrays(int levels, String filler) {
    var sb = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      sb.append("<value><array><data><value><string>").append(filler).append("</string></value>");
    }
    sb.append("<value><int>7</int></value>");
    sb.append("</data></array></value>".repeat(levels));
    return callWith(sb.toString());
  }

  @Test
  void aHundredThousandNestedArraysAreAFaultNotAStackOverflow() {
    // supervisord decodes any depth and answers the call (a fault for getState); the old
    // recursive decoder died with StackOverflowError, which the server answered with a 500.
    Fault f = assertThrows(Fault.class, () -> XmlRpcCodec.parseCall(nestedArrays(100_000, "")));
    assertEquals(FaultCode.INCORRECT_PARAMETERS.code(), f.code());
    assertEquals("INCORRECT_PARAMETERS: XML elements nested deeper than 256 levels",
        f.faultString());
  }

  @Test
  void nestingUpToTheLimitDecodes() throws Exception {
    int levels = (CallDecoder.MAX_DEPTH - 5) / 3; // methodCall, params, param, ..., value, int
    Object v = XmlRpcCodec.parseCall(nestedArrays(levels, "s")).params().get(0);
    for (int i = 0; i < levels; i++) {
      List<?> list = (List<?>) v;
      assertEquals(2, list.size());
      assertEquals("s", list.get(0));
      v = list.get(1);
    }
    assertEquals(7, v);
    assertThrows(Fault.class, () -> XmlRpcCodec.parseCall(nestedArrays(levels + 1, "s")));
  }

  @Test
  void aTooDeepBodyThatIsAlsoMalformedIsMalformed() {
    byte[] body = nestedArrays(1000, "");
    byte[] truncated = java.util.Arrays.copyOf(body, body.length - 20);
    assertThrows(XmlRpcCodec.MalformedRequest.class, () -> XmlRpcCodec.parseCall(truncated));
  }

  /**
   * Decoding is linear: what the thread allocates stays a small multiple of the body however
   * deep the values nest. The old DOM decoder copied the text of each array's whole subtree at
   * every level: for this 3.4 MB body, hundreds of times the body.
   */
  @Test
  void decodingADeepThreeMegabyteBodyAllocatesASmallMultipleOfIt() throws Exception {
    byte[] body = nestedArrays(80, "x".repeat(42_000));
    assertTrue(body.length > 3_300_000, "body of " + body.length + " bytes");
    var threads = (com.sun.management.ThreadMXBean)
        java.lang.management.ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    XmlRpcCodec.parseCall(callWith("<value>warm-up</value>"));
    long before = threads.getThreadAllocatedBytes(tid);
    MethodCall call = XmlRpcCodec.parseCall(body);
    long allocated = threads.getThreadAllocatedBytes(tid) - before;
    assertEquals("x.y", call.methodName());
    assertTrue(allocated < 20L * body.length,
        "decoding " + body.length + " bytes allocated " + allocated + " bytes");
  }

  @Test
  void decodesAsSupervisordDoesWhereTheOldDecoderDidToo() throws Exception {
    // Text after a value's type is ignored; the first value of a param counts; unknown elements
    // outside values are skipped; an empty string and an empty array are what they say.
    var call = XmlRpcCodec.parseCall(("<methodCall><methodName> a.b </methodName><params>"
        + "<param><value><string></string>tail</value><value><int>2</int></value></param>"
        + "<param><value><array/></value></param>"
        + "<other><value><int>3</int></value></other>"
        + "<param><value><struct><member><name>k</name><value/></member></struct></value></param>"
        + "</params></methodCall>").getBytes(StandardCharsets.UTF_8));
    assertEquals("a.b", call.methodName());
    assertEquals(List.of("", List.of(), java.util.Map.of("k", "")), call.params());
    for (String bad : List.of("<value><nil/></value>", "<value><int>1<b/></int></value>",
        "<value><boolean>2</boolean></value>", "<value><struct><member><name>k</name>"
            + "</member></struct></value>")) {
      assertThrows(XmlRpcCodec.MalformedRequest.class, () -> XmlRpcCodec.parseCall(callWith(bad)),
          bad);
    }
  }
}
