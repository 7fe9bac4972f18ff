package org.jsupervisor.rpc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsupervisor.config.PyRepr;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Builds a {@link MethodCall} from the parser's events, innermost values first, with an explicit
 * stack: each byte of the body is looked at once (no subtree is copied, as a DOM's text content
 * would be at every level) and no Java recursion follows the nesting of the body.
 *
 * <p>Reads the way supervisord does: an element's text is what comes before its first child (so
 * {@code <value>} without a child is an untyped string), the first {@code <value>} of a param or
 * member counts, elements it does not know are skipped, and a {@code <value>}'s first child must
 * be a type it knows. One instance per parse.
 */
final class CallDecoder extends DefaultHandler {
  /**
   * Elements nested deeper than this make the call a fault. supervisorctl's deepest call
   * ({@code system.multicall}) nests 14; each array level takes 3 ({@code value, array, data}).
   */
  static final int MAX_DEPTH = 256;

  /** An open element: what it has gathered from its children so far. */
  private static final class Node {
    final String tag;
    /** Its text before its first child element; only kept where it means something. */
    final StringBuilder text;
    /** Tag of its first child element, or null. */
    String firstChild;
    /** The value of a {@code value}, {@code param} or {@code member}; set once. */
    Object value;
    boolean hasValue;
    /** The values of a {@code data} or {@code params}; the data of an {@code array}. */
    List<Object> values;
    Map<String, Object> members;
    String name;

    Node(String tag, boolean keepsText) {
      this.tag = tag;
      this.text = keepsText ? new StringBuilder() : null;
    }
  }

  private final ArrayDeque<Node> open = new ArrayDeque<>();
  private boolean rootSeen;
  /** How many levels past {@link #MAX_DEPTH} the parser is now; their content is skipped. */
  private int skipped;
  private boolean tooDeep;
  private String methodName;
  private List<Object> params;

  /** The call; only after the parser reached the end of a well-formed document. */
  MethodCall result() throws XmlRpcCodec.MalformedRequest {
    if (methodName == null || methodName.isEmpty()) {
      throw new XmlRpcCodec.MalformedRequest("no method name");
    }
    if (tooDeep) {
      throw new Fault(FaultCode.INCORRECT_PARAMETERS,
          "XML elements nested deeper than " + MAX_DEPTH + " levels");
    }
    return new MethodCall(methodName, params == null ? List.of() : params);
  }

  @Override
  public void startElement(String uri, String localName, String tag, Attributes attributes)
      throws SAXException {
    if (!rootSeen) {
      rootSeen = true;
      if (!tag.equals("methodCall")) {
        throw malformed("not a methodCall: " + PyRepr.of(tag));
      }
    }
    if (skipped > 0 || open.size() >= MAX_DEPTH) {
      skipped++;
      tooDeep = true;
      return;
    }
    Node parent = open.peek();
    if (parent != null && parent.firstChild == null) {
      parent.firstChild = tag;
    }
    open.push(new Node(tag, keepsText(tag)));
  }

  private static boolean keepsText(String tag) {
    return switch (tag) {
      case "methodCall", "params", "param", "array", "data", "struct", "member" -> false;
      default -> true;
    };
  }

  @Override
  public void characters(char[] ch, int start, int length) {
    Node n = open.peek();
    if (skipped == 0 && n != null && n.text != null && n.firstChild == null) {
      n.text.append(ch, start, length);
    }
  }

  @Override
  public void endElement(String uri, String localName, String tag) throws SAXException {
    if (skipped > 0) {
      skipped--;
      return;
    }
    Node node = open.pop();
    Node parent = open.peek();
    if (parent == null) {
      return; // the methodCall
    }
    switch (node.tag) {
      case "methodName" -> {
        if (parent.tag.equals("methodCall") && methodName == null) {
          methodName = node.text.toString().strip();
        }
      }
      case "params" -> {
        if (parent.tag.equals("methodCall") && params == null) {
          params = node.values == null ? List.of() : node.values;
        }
      }
      case "param" -> {
        if (parent.tag.equals("params")) {
          if (!node.hasValue) {
            throw malformed("param without value");
          }
          add(parent, node.value);
        }
      }
      case "value" -> deliverValue(node, parent);
      case "data" -> {
        if (parent.tag.equals("array") && parent.values == null) {
          parent.values = node.values == null ? new ArrayList<>() : node.values;
        }
      }
      case "member" -> {
        if (parent.tag.equals("struct")) {
          if (node.name == null || !node.hasValue) {
            throw malformed("struct member without name or value");
          }
          if (parent.members == null) {
            parent.members = new LinkedHashMap<>();
          }
          parent.members.put(node.name, node.value);
        }
      }
      case "name" -> {
        if (parent.tag.equals("member") && parent.name == null) {
          parent.name = node.text.toString();
        }
      }
      default -> {
        // A typed value is read when it is the first child of a value; any other is skipped.
        if (parent.tag.equals("value") && !parent.hasValue && tag.equals(parent.firstChild)) {
          parent.value = typed(node);
          parent.hasValue = true;
        }
      }
    }
  }

  private void deliverValue(Node node, Node parent) throws SAXException {
    Object v;
    if (node.firstChild == null) {
      v = node.text.toString(); // untyped value is a string
    } else if (node.hasValue) {
      v = node.value;
    } else {
      throw malformed("unknown type " + PyRepr.of(node.firstChild));
    }
    switch (parent.tag) {
      case "data" -> add(parent, v);
      case "param", "member" -> {
        if (!parent.hasValue) {
          parent.value = v;
          parent.hasValue = true;
        }
      }
      default -> { } // skipped, as any element out of place
    }
  }

  private static void add(Node parent, Object v) {
    if (parent.values == null) {
      parent.values = new ArrayList<>();
    }
    parent.values.add(v);
  }

  private Object typed(Node node) throws SAXException {
    String tag = node.tag;
    if (node.text != null && node.firstChild != null) {
      throw malformed("element inside " + PyRepr.of(tag));
    }
    String text = node.text == null ? "" : node.text.toString();
    try {
      return switch (tag) {
        case "int", "i4" -> Integer.parseInt(text.strip());
        case "boolean" -> switch (text.strip()) {
          case "1" -> true;
          case "0" -> false;
          default -> throw malformed("bad boolean: " + PyRepr.of(text));
        };
        case "string", "dateTime.iso8601" -> text;
        case "double" -> Double.parseDouble(text.strip());
        case "base64" -> Base64.getMimeDecoder().decode(text.strip());
        case "array" -> node.values == null ? new ArrayList<>() : node.values;
        case "struct" -> node.members == null ? new LinkedHashMap<>() : node.members;
        default -> throw malformed("unknown type " + PyRepr.of(tag));
      };
    } catch (IllegalArgumentException e) {
      throw malformed("bad " + tag + " value: " + PyRepr.of(abbreviated(text)));
    }
  }

  private static String abbreviated(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static SAXException malformed(String message) {
    return new SAXException(new XmlRpcCodec.MalformedRequest(message));
  }
}
