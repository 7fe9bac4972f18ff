package org.jsupervisor.ctl.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class XmlRpcCodecTest {
  private static Object decode(String xml) throws Fault {
    return XmlRpcCodec.decodeResponse(xml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decodesPythonsLayout() throws Fault {
    Object value = decode("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n"
        + "<value><struct>\n<member>\n<name>name</name>\n<value><string>a &amp; &lt;b&gt;</string></value>\n</member>\n"
        + "<member>\n<name>pid</name>\n<value><int>42</int></value>\n</member>\n</struct></value>\n"
        + "<value><boolean>1</boolean></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n");
    assertEquals(List.of(Map.of("name", "a & <b>", "pid", 42), true), value);
  }

  @Test
  void decodesCompactApacheStyleLayout() throws Fault {
    Object value = decode("<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><params><param><value>"
        + "<struct><member><name>x</name><value><i4>-1</i4></value></member><member><name>y</name><value>plain</value>"
        + "</member><member><name>z</name><value><nil/></value></member><member><name>e</name><value/></member>"
        + "</struct></value></param></params></methodResponse>");
    Map<String, Object> expected = new java.util.HashMap<>();
    expected.put("x", -1);
    expected.put("y", "plain");
    expected.put("z", null);
    expected.put("e", "");
    assertEquals(expected, value);
  }

  @Test
  void faultsBecomeExceptions() {
    Fault fault = assertThrows(Fault.class, () -> decode("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n"
        + "<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n"
        + "<member>\n<name>faultString</name>\n<value><string>BAD_NAME: x</string></value>\n</member>\n"
        + "</struct></value>\n</fault>\n</methodResponse>\n"));
    assertEquals(10, fault.code());
    assertEquals("BAD_NAME: x", fault.faultString());
  }

  @Test
  void encodesCallsAsPythonDoes() {
    String xml = new String(XmlRpcCodec.encodeCall("supervisor.readLog", -1600, 0), StandardCharsets.UTF_8);
    assertEquals("<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.readLog</methodName>\n<params>\n"
        + "<param>\n<value><int>-1600</int></value>\n</param>\n<param>\n<value><int>0</int></value>\n</param>\n"
        + "</params>\n</methodCall>\n", xml);
  }

  @Test
  void serverUrls() {
    assertEquals(new ServerUrl("http://localhost:9001", null, "localhost", 9001), ServerUrl.parse("http://localhost:9001"));
    assertEquals(80, ServerUrl.parse("http://example.org").port());
    assertEquals("/tmp/s.sock", ServerUrl.parse("unix:///tmp/s.sock").socketPath());
    assertThrows(IllegalArgumentException.class, () -> ServerUrl.parse("ftp://x"));
    assertEquals(List.of(1), Arrays.asList(1));
  }
}
