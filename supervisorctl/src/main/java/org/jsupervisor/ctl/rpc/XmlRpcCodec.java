package org.jsupervisor.ctl.rpc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes method calls and decodes responses of XML-RPC, for the value types supervisord uses:
 * {@code int}/{@code i4}/{@code i8}, {@code boolean}, {@code string} (and untyped), {@code double},
 * {@code array}, {@code struct}, {@code nil}, plus {@code base64} and {@code dateTime.iso8601} kept as text.
 *
 * <p>Why our own codec rather than Apache XML-RPC's client: that client goes through JAXP/SAX, a
 * type-factory and {@code HttpURLConnection}, which costs a few hundred milliseconds of class
 * loading on every supervisorctl run and cannot reach a unix socket. The subset of XML that
 * XML-RPC responses use (elements, text, the five entities and character references, an optional
 * prolog, comments) is small enough to read by hand.
 *
 * <p>Decoded values are {@link Integer} (or {@link Long} beyond 32 bits), {@link Boolean},
 * {@link String}, {@link Double}, {@code List<Object>}, {@code Map<String, Object>} and null.
 */
public final class XmlRpcCodec {
  private XmlRpcCodec() {}

  /** The request body, laid out as Python's {@code xmlrpc.client} does. */
  public static byte[] encodeCall(String method, Object... params) {
    var sb = new StringBuilder("<?xml version='1.0'?>\n<methodCall>\n<methodName>")
        .append(escape(method)).append("</methodName>\n<params>\n");
    for (Object param : params) {
      sb.append("<param>\n");
      encodeValue(sb, param);
      sb.append("</param>\n");
    }
    sb.append("</params>\n</methodCall>\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void encodeValue(StringBuilder sb, Object value) {
    sb.append("<value>");
    if (value instanceof String s) {
      sb.append("<string>").append(escape(s)).append("</string>");
    } else if (value instanceof Boolean b) {
      sb.append("<boolean>").append(b ? '1' : '0').append("</boolean>");
    } else if (value instanceof Integer || value instanceof Long) {
      sb.append("<int>").append(value).append("</int>");
    } else if (value instanceof Double d) {
      sb.append("<double>").append(d).append("</double>");
    } else if (value instanceof List<?> list) {
      sb.append("<array><data>\n");
      list.forEach(item -> encodeValue(sb, item));
      sb.append("</data></array>");
    } else if (value instanceof Map<?, ?> map) {
      sb.append("<struct>\n");
      map.forEach((k, v) -> {
        sb.append("<member>\n<name>").append(escape(String.valueOf(k))).append("</name>\n");
        encodeValue(sb, v);
        sb.append("</member>\n");
      });
      sb.append("</struct>");
    } else {
      throw new IllegalArgumentException("cannot encode " + (value == null ? "null" : value.getClass().getName()));
    }
    sb.append("</value>\n");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * The single result of a {@code methodResponse}.
   *
   * @throws Fault when the response is a fault
   * @throws IllegalArgumentException when the XML is not an XML-RPC response
   */
  public static Object decodeResponse(byte[] body) throws Fault {
    var reader = new Reader(new String(body, StandardCharsets.UTF_8));
    reader.open("methodResponse");
    String next = reader.peekOpen();
    if (next.equals("fault")) {
      reader.open("fault");
      Object fault = reader.value();
      reader.close("fault");
      if (!(fault instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("fault is not a struct");
      }
      Object code = map.get("faultCode");
      Object text = map.get("faultString");
      throw new Fault(code instanceof Number n ? n.intValue() : 0, text == null ? "" : text.toString());
    }
    reader.open("params");
    reader.open("param");
    Object value = reader.value();
    reader.close("param");
    reader.close("params");
    reader.close("methodResponse");
    return value;
  }

  /** A cursor over the XML text; each method consumes exactly one construct. */
  private static final class Reader {
    private final String xml;
    private int pos;

    Reader(String xml) {
      this.xml = xml;
    }

    private void skipMisc() {
      while (true) {
        while (pos < xml.length() && Character.isWhitespace(xml.charAt(pos))) {
          pos++;
        }
        if (xml.startsWith("<?", pos)) {
          pos = after("?>");
        } else if (xml.startsWith("<!--", pos)) {
          pos = after("-->");
        } else if (xml.startsWith("<!DOCTYPE", pos)) {
          pos = after(">");
        } else {
          return;
        }
      }
    }

    private int after(String end) {
      int i = xml.indexOf(end, pos);
      if (i < 0) {
        throw bad("unterminated markup");
      }
      return i + end.length();
    }

    /** The name of the next start tag, without consuming it. */
    String peekOpen() {
      skipMisc();
      if (pos >= xml.length() || xml.charAt(pos) != '<' || xml.startsWith("</", pos)) {
        throw bad("expected a start tag");
      }
      int end = pos + 1;
      while (end < xml.length() && " \t\r\n/>".indexOf(xml.charAt(end)) < 0) {
        end++;
      }
      return xml.substring(pos + 1, end);
    }

    /** Consumes {@code <name ...>}; returns true when it was self-closing {@code <name/>}. */
    boolean open(String name) {
      String found = peekOpen();
      if (!found.equals(name)) {
        throw bad("expected <" + name + "> but found <" + found + ">");
      }
      int end = after(">");
      pos = end;
      return xml.charAt(end - 2) == '/';
    }

    void close(String name) {
      skipMisc();
      String tag = "</" + name;
      if (!xml.startsWith(tag, pos)) {
        throw bad("expected </" + name + ">");
      }
      pos = after(">");
    }

    boolean atClose() {
      skipMisc();
      return xml.startsWith("</", pos);
    }

    /** Character data up to the next tag, entities decoded, CDATA sections included. */
    String text() {
      var sb = new StringBuilder();
      while (pos < xml.length()) {
        char c = xml.charAt(pos);
        if (xml.startsWith("<![CDATA[", pos)) {
          int end = xml.indexOf("]]>", pos);
          if (end < 0) {
            throw bad("unterminated CDATA");
          }
          sb.append(xml, pos + 9, end);
          pos = end + 3;
        } else if (c == '<') {
          break;
        } else if (c == '&') {
          int semi = xml.indexOf(';', pos);
          if (semi < 0) {
            throw bad("unterminated entity");
          }
          sb.append(entity(xml.substring(pos + 1, semi)));
          pos = semi + 1;
        } else {
          sb.append(c);
          pos++;
        }
      }
      return sb.toString();
    }

    private String entity(String name) {
      switch (name) {
        case "amp": return "&";
        case "lt": return "<";
        case "gt": return ">";
        case "quot": return "\"";
        case "apos": return "'";
        default:
          if (name.startsWith("#x") || name.startsWith("#X")) {
            return new String(Character.toChars(Integer.parseInt(name.substring(2), 16)));
          }
          if (name.startsWith("#")) {
            return new String(Character.toChars(Integer.parseInt(name.substring(1))));
          }
          throw bad("unknown entity &" + name + ";");
      }
    }

    Object value() {
      if (open("value")) {
        return "";
      }
      int start = pos;
      String leading = text();
      if (xml.startsWith("</", pos)) {
        close("value");
        return leading; // an untyped value is a string, whitespace and all
      }
      pos = start;
      String type = peekOpen();
      Object result;
      switch (type) {
        case "array" -> result = array();
        case "struct" -> result = struct();
        default -> {
          boolean empty = open(type);
          String text = empty ? "" : text();
          if (!empty) {
            close(type);
          }
          result = scalar(type, text);
        }
      }
      close("value");
      return result;
    }

    private Object scalar(String type, String text) {
      switch (type) {
        case "string", "base64", "dateTime.iso8601":
          return text;
        case "int", "i4", "i8", "i2", "i1": {
          long n = Long.parseLong(text.trim());
          return n == (int) n ? (Object) (int) n : (Object) n;
        }
        case "boolean":
          return text.trim().equals("1") || text.trim().equalsIgnoreCase("true");
        case "double", "float":
          return Double.parseDouble(text.trim());
        case "nil", "ex:nil":
          return null;
        default:
          throw bad("unsupported value type <" + type + ">");
      }
    }

    private List<Object> array() {
      var list = new ArrayList<Object>();
      if (open("array")) {
        return list;
      }
      if (!open("data")) {
        while (!atClose()) {
          list.add(value());
        }
        close("data");
      }
      close("array");
      return list;
    }

    private Map<String, Object> struct() {
      var map = new LinkedHashMap<String, Object>();
      if (open("struct")) {
        return map;
      }
      while (!atClose()) {
        open("member");
        open("name");
        String name = text();
        close("name");
        map.put(name, value());
        close("member");
      }
      close("struct");
      return map;
    }

    private IllegalArgumentException bad(String what) {
      return new IllegalArgumentException("malformed XML-RPC response at offset " + pos + ": " + what);
    }
  }
}
