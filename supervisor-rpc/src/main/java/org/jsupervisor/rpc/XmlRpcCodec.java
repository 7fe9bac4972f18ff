package org.jsupervisor.rpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.jsupervisor.config.PyRepr;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
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
  private XmlRpcCodec() {}

  /** Thrown for anything that is not a well-formed {@code methodCall}; supervisord answers 400. */
  public static final class MalformedRequest extends Exception {
    public MalformedRequest(String message) {
      super(message, null, false, false);
    }
  }

  private static final SAXParserFactory FACTORY = hardenedFactory();
  private static final DefaultHandler NONE = new DefaultHandler();

  /**
   * DTDs are refused outright: no external entities (XXE), no entity expansion (billion
   * laughs), no network or file access while parsing. A streaming (SAX) parser, so the body is
   * never held as a tree: {@link CallDecoder} keeps only the open elements and the values.
   */
  private static SAXParserFactory hardenedFactory() {
    var f = SAXParserFactory.newInstance();
    try {
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("cannot harden the XML parser", e);
    }
    f.setXIncludeAware(false);
    f.setNamespaceAware(false);
    f.setValidating(false);
    return f;
  }

  /**
   * One parser per request thread, reset before each use: creating one costs about five times
   * as much as the parse of a typical call.
   */
  private static final ThreadLocal<SAXParser> PARSER = ThreadLocal.withInitial(() -> {
    try {
      return FACTORY.newSAXParser();
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("cannot create an XML parser", e);
    }
  });

  /**
   * Decodes a request body.
   *
   * @throws MalformedRequest when it is not a well-formed {@code methodCall} with a method name
   *     (supervisord answers 400)
   * @throws Fault {@code INCORRECT_PARAMETERS} when its elements nest deeper than
   *     {@value CallDecoder#MAX_DEPTH}: a well-formed call, which supervisord would answer too
   */
  public static MethodCall parseCall(byte[] body) throws MalformedRequest {
    var decoder = new CallDecoder();
    XMLReader reader;
    try {
      reader = PARSER.get().getXMLReader();
    } catch (SAXException e) {
      throw new IllegalStateException("cannot create an XML parser", e);
    }
    try {
      reader.setContentHandler(decoder);
      reader.setErrorHandler(decoder); // no stderr noise; fatal errors still throw
      reader.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("external entities are not allowed");
      });
      reader.parse(new InputSource(new ByteArrayInputStream(body)));
    } catch (SAXException e) {
      throw unmarshallable(e.getException() instanceof MalformedRequest m ? m.getMessage()
          : "malformed XML: " + PyRepr.of(String.valueOf(e.getMessage())));
    } catch (IOException | RuntimeException e) {
      // The parser's own limits and odd encodings end here too: still the client's bad body.
      throw unmarshallable("malformed XML: " + PyRepr.of(e.toString()));
    } finally {
      reader.setContentHandler(NONE); // drop the decoder and its values
      reader.setErrorHandler(NONE);
      PARSER.get().reset();
    }
    return decoder.result();
  }

  /** supervisord's word for a body it cannot decode, and why; client text in it is quoted. */
  private static MalformedRequest unmarshallable(String why) {
    return new MalformedRequest("unmarshallable (" + why + ")");
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
