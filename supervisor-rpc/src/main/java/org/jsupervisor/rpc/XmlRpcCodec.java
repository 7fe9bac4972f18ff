package org.jsupervisor.rpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * XML-RPC requests in, responses out, byte for byte as Python's {@code xmlrpc.client.dumps}
 * writes them (which is what supervisord sends): {@code <int>}, {@code <boolean>1</boolean>},
 * one element per line, no {@code <nil/>} and no extensions.
 *
 * <p>Our own codec rather than Apache XML-RPC's: Apache writes {@code <i4>}, no line breaks and
 * an {@code encoding} attribute, and its parser cannot be hardened without replacing it.
 */
public final class XmlRpcCodec {
  private static final DocumentBuilderFactory FACTORY = hardenedFactory();
  private static final DefaultHandler QUIET = new DefaultHandler();

  private XmlRpcCodec() {}

  /** Thrown for anything that is not a well-formed {@code methodCall}; supervisord answers 400. */
  public static final class MalformedRequest extends Exception {
    public MalformedRequest(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * DTDs are refused outright: no external entities (XXE), no entity expansion (billion
   * laughs), no network or file access while parsing.
   */
  private static DocumentBuilderFactory hardenedFactory() {
    var f = DocumentBuilderFactory.newInstance();
    try {
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("cannot harden the XML parser", e);
    }
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setNamespaceAware(false);
    return f;
  }

  /**
   * One parser per request thread, reset before each use: creating one costs about five times
   * as much as the parse of a typical call.
   */
  private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(() -> {
    try {
      return FACTORY.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("cannot create an XML parser", e);
    }
  });

  public static MethodCall parseCall(byte[] body) throws MalformedRequest {
    Document doc;
    DocumentBuilder builder = BUILDER.get();
    try {
      builder.reset(); // the factory's (hardened) settings again, and no handlers
      builder.setErrorHandler(QUIET); // no stderr noise; errors still throw
      builder.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("external entities are not allowed");
      });
      doc = builder.parse(new ByteArrayInputStream(body));
    } catch (SAXException | IOException e) {
      throw new MalformedRequest("malformed XML: " + e.getMessage());
    } finally {
      builder.reset(); // drop the document and the input
    }
    Element root = doc.getDocumentElement();
    if (!root.getTagName().equals("methodCall")) {
      throw new MalformedRequest("not a methodCall: " + root.getTagName());
    }
    Element nameEl = child(root, "methodName");
    String name = nameEl == null ? "" : nameEl.getTextContent().strip();
    if (name.isEmpty()) {
      throw new MalformedRequest("no methodName");
    }
    var params = new ArrayList<Object>();
    Element paramsEl = child(root, "params");
    if (paramsEl != null) {
      for (Element p : children(paramsEl, "param")) {
        Element v = child(p, "value");
        if (v == null) {
          throw new MalformedRequest("param without value");
        }
        params.add(parseValue(v));
      }
    }
    return new MethodCall(name, params);
  }

  private static Object parseValue(Element value) throws MalformedRequest {
    Element typed = firstElement(value);
    if (typed == null) {
      return value.getTextContent(); // untyped value is a string
    }
    String text = typed.getTextContent();
    try {
      switch (typed.getTagName()) {
        case "int", "i4" -> {
          return Integer.parseInt(text.strip());
        }
        case "boolean" -> {
          String t = text.strip();
          if (!t.equals("0") && !t.equals("1")) {
            throw new MalformedRequest("bad boolean: " + t);
          }
          return t.equals("1");
        }
        case "string", "dateTime.iso8601" -> {
          return text;
        }
        case "double" -> {
          return Double.parseDouble(text.strip());
        }
        case "base64" -> {
          return Base64.getMimeDecoder().decode(text.strip());
        }
        case "array" -> {
          Element data = child(typed, "data");
          var list = new ArrayList<Object>();
          if (data != null) {
            for (Element v : children(data, "value")) {
              list.add(parseValue(v));
            }
          }
          return list;
        }
        case "struct" -> {
          var map = new LinkedHashMap<String, Object>();
          for (Element m : children(typed, "member")) {
            Element n = child(m, "name");
            Element v = child(m, "value");
            if (n == null || v == null) {
              throw new MalformedRequest("struct member without name or value");
            }
            map.put(n.getTextContent(), parseValue(v));
          }
          return map;
        }
        default -> throw new MalformedRequest("unknown type " + typed.getTagName());
      }
    } catch (IllegalArgumentException e) {
      throw new MalformedRequest("bad " + typed.getTagName() + " value");
    }
  }

  private static Element firstElement(Element parent) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        return e;
      }
    }
    return null;
  }

  private static Element child(Element parent, String tag) {
    List<Element> all = children(parent, tag);
    return all.isEmpty() ? null : all.get(0);
  }

  private static List<Element> children(Element parent, String tag) {
    var result = new ArrayList<Element>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        result.add(e);
      }
    }
    return result;
  }

  private static final byte[] RESPONSE_OPEN =
      XmlRpcWriter.ascii("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n");
  private static final byte[] RESPONSE_CLOSE =
      XmlRpcWriter.ascii("</param>\n</params>\n</methodResponse>\n");
  private static final byte[] FAULT_OPEN =
      XmlRpcWriter.ascii("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n");
  private static final byte[] FAULT_CLOSE = XmlRpcWriter.ascii("</fault>\n</methodResponse>\n");

  /** A successful response carrying {@code value}. */
  public static byte[] response(Object value) {
    return writeResponse(value).toByteArray();
  }

  /**
   * The same bytes as {@link #response}, in pieces, as the server sends them; release them
   * once sent.
   */
  public static ResponseBytes responseBytes(Object value) {
    return writeResponse(value).finish();
  }

  private static XmlRpcWriter writeResponse(Object value) {
    var out = new XmlRpcWriter(sizeHint(value));
    out.raw(RESPONSE_OPEN).value(value);
    return out.raw(RESPONSE_CLOSE);
  }

  public static byte[] fault(Fault fault) {
    var out = new XmlRpcWriter(256);
    out.raw(FAULT_OPEN).value(faultStruct(fault));
    return out.raw(FAULT_CLOSE).toByteArray();
  }

  /** Room for small answers in the first piece; lists (of structs, mostly) get a pooled one. */
  private static int sizeHint(Object value) {
    return value instanceof List<?> list && !list.isEmpty() ? PiecePool.SIZE : 256;
  }

  /** {@code {faultCode, faultString}}, as a fault response and inside multicall results. */
  public static Map<String, Object> faultStruct(Fault fault) {
    var m = new LinkedHashMap<String, Object>();
    m.put("faultCode", fault.code());
    m.put("faultString", fault.faultString());
    return m;
  }

  /** A call, as Python's client writes it; for tests and our own clients. */
  public static byte[] call(String method, Object... params) {
    var out = new XmlRpcWriter(256);
    out.raw(XmlRpcWriter.ascii("<?xml version='1.0'?>\n<methodCall>\n<methodName>"));
    out.text(method);
    out.raw(XmlRpcWriter.ascii("</methodName>\n<params>\n"));
    for (Object p : params) {
      out.raw(XmlRpcWriter.ascii("<param>\n")).value(p);
      out.raw(XmlRpcWriter.ascii("</param>\n"));
    }
    return out.raw(XmlRpcWriter.ascii("</params>\n</methodCall>\n")).toByteArray();
  }
}
