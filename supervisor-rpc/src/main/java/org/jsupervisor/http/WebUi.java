package org.jsupervisor.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jsupervisor.rpc.Fault;
import org.jsupervisor.rpc.FaultCode;
import org.jsupervisor.rpc.ProcessInfo;
import org.jsupervisor.rpc.RpcDispatcher;

/**
 * The web interface: a status page at {@code /} and {@code /index.html} with per-process and
 * page-wide actions, and {@code /tail.html}. Every action is one of the XML-RPC operations called
 * through the dispatcher (so it runs on the loop thread and waits through futures, never by
 * blocking a thread); once it completes the browser is redirected to {@code /?message=...}.
 * Every text that comes from the engine or the request is HTML-escaped.
 */
final class WebUi {
  /** Python's {@code time.ctime()}: {@code Mon Nov  3 13:09:13 2026}. */
  private static final DateTimeFormatter CTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
  static final int MIN_TAIL = 1024;

  private final RpcDispatcher dispatcher;

  WebUi(RpcDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /** {@code /} and {@code /index.html}: runs the requested action, else renders the page. */
  CompletableFuture<HttpResponse> index(HttpRequest request) {
    Map<String, String> form = form(request);
    String action = form.getOrDefault("action", "");
    String name = form.getOrDefault("processname", "");
    if (action.isEmpty()) {
      return statusPage(form.get("message"));
    }
    return perform(action, name).handle((message, error) -> redirect(request,
        error == null ? message : "ERROR: " + RpcDispatcher.asFault(error).faultString()));
  }

  private CompletableFuture<String> perform(String action, String name) {
    switch (action) {
      case "refresh" -> {
        return CompletableFuture.completedFuture("Page refreshed at " + ctime());
      }
      case "stopall" -> {
        return call("supervisor.stopAllProcesses").thenApply(v -> "All stopped at " + ctime());
      }
      case "restartall" -> {
        return call("supervisor.stopAllProcesses")
            .thenCompose(v -> call("supervisor.startAllProcesses"))
            .thenApply(v -> "All restarted at " + ctime());
      }
      default -> { }
    }
    if (!List.of("start", "stop", "restart", "clearlog").contains(action)) {
      return CompletableFuture.completedFuture("Unknown action " + action);
    }
    // The name must be one process: a group spec would make the messages lie.
    return call("supervisor.getProcessInfo", name)
        .handle((info, error) -> error == null ? null : RpcDispatcher.asFault(error))
        .thenCompose(fault -> {
          if (name.isEmpty() || (fault != null && fault.code() == FaultCode.BAD_NAME.code())) {
            return CompletableFuture.completedFuture("No such process named " + name);
          }
          if (fault != null) {
            return CompletableFuture.completedFuture("ERROR: " + fault.faultString());
          }
          return switch (action) {
            case "start" -> start(name, "Process " + name + " started");
            case "stop" -> call("supervisor.stopProcess", name, true)
                .handle((v, e) -> e == null ? "Process " + name + " stopped"
                    : unexpected(RpcDispatcher.asFault(e)));
            case "restart" -> call("supervisor.stopProcess", name, true)
                .handle((v, e) -> null) // not running is fine: it is started anyway
                .thenCompose(v -> start(name, "Process " + name + " restarted"));
            default -> call("supervisor.clearProcessLogs", name)
                .handle((v, e) -> e == null ? "Log for " + name + " cleared"
                    : unexpected(RpcDispatcher.asFault(e)));
          };
        });
  }

  private CompletableFuture<String> start(String name, String success) {
    return call("supervisor.startProcess", name, true).handle((v, e) -> {
      if (e == null) {
        return success;
      }
      Fault f = RpcDispatcher.asFault(e);
      String why;
      if (f.code() == FaultCode.NO_FILE.code()) {
        why = "no such file";
      } else if (f.code() == FaultCode.NOT_EXECUTABLE.code()) {
        why = "file not executable";
      } else if (f.code() == FaultCode.ALREADY_STARTED.code()) {
        why = "already started";
      } else if (f.code() == FaultCode.SPAWN_ERROR.code()) {
        why = "spawn error";
      } else if (f.code() == FaultCode.ABNORMAL_TERMINATION.code()) {
        why = "abnormal termination";
      } else {
        return unexpected(f);
      }
      return "ERROR: Process " + name + ": " + why;
    });
  }

  private static String unexpected(Fault f) {
    return "unexpected rpc fault [" + f.code() + "] " + f.faultString();
  }

  private CompletableFuture<Object> call(String method, Object... args) {
    return dispatcher.call(method, List.of(args));
  }

  static String ctime() {
    return CTIME.format(ZonedDateTime.now());
  }

  private static HttpResponse redirect(HttpRequest request, String message) {
    String host = request.header("host").orElse("localhost");
    return noCache(HttpResponse.of(301, "text/html", new byte[0])
        .withHeader("Location", "http://" + host + "/?message=" + quote(message)));
  }

  // the status page

  private CompletableFuture<HttpResponse> statusPage(String message) {
    return dispatcher.call("supervisor.getAllProcessInfo", List.of()).handle((value, error) -> {
      var sb = new StringBuilder(4096);
      head(sb, "Supervisor status");
      heading(sb, "Supervisor status");
      sb.append("<nav>")
          .append(button("/?action=refresh", "Refresh"))
          .append(button("/?action=restartall", "Restart all"))
          .append(button("/?action=stopall", "Stop all")).append("</nav>\n");
      if (message != null && !message.isEmpty()) {
        sb.append("<p class=\"message\" id=\"message\">").append(html(message)).append("</p>\n");
      }
      if (error != null) {
        sb.append("<p class=\"message\">")
            .append(html(RpcDispatcher.asFault(error).faultString())).append("</p>\n");
      }
      sb.append("<table>\n<thead><tr><th>State</th><th>Description</th><th>Name</th>"
          + "<th>Actions</th></tr></thead>\n<tbody>\n");
      if (value instanceof List<?> rows) {
        for (Object row : rows) {
          row(sb, (ProcessInfo) row);
        }
      }
      sb.append("</tbody>\n</table>\n<footer>").append(html(ctime())).append("</footer>\n")
          .append("</body>\n</html>\n");
      return page(sb);
    });
  }

  private static void row(StringBuilder sb, ProcessInfo info) {
    String state = info.state().name();
    String name = info.namespec();
    String q = quote(name);
    sb.append("<tr><td class=\"state ").append(html(state.toLowerCase(Locale.ROOT))).append("\">")
        .append(html(state)).append("</td><td>").append(html(info.description()))
        .append("</td><td><a href=\"/tail.html?processname=").append(html(q)).append("\">")
        .append(html(name)).append("</a></td><td>");
    List<String> actions = switch (state) {
      case "RUNNING", "STARTING", "BACKOFF" -> List.of("restart", "stop");
      case "STOPPED", "EXITED", "FATAL" -> List.of("start");
      default -> List.of();
    };
    for (String a : actions) {
      sb.append(link("/?processname=" + q + "&action=" + a, a)).append(' ');
    }
    sb.append(link("/?processname=" + q + "&action=clearlog", "clearlog")).append(' ')
        .append(link("/tail.html?processname=" + q, "tail")).append("</td></tr>\n");
  }

  // the tail page

  CompletableFuture<HttpResponse> tail(HttpRequest request) {
    Map<String, String> form = form(request);
    String name = form.getOrDefault("processname", "");
    int limit = MIN_TAIL;
    try {
      limit = Math.max(MIN_TAIL, Integer.parseInt(form.getOrDefault("limit", "1024").trim()));
    } catch (NumberFormatException e) {
      // keep the minimum
    }
    int bytes = limit;
    return dispatcher.call("supervisor.tailProcessStdoutLog", List.of(name, 0, bytes))
        .handle((value, error) -> {
          String text;
          if (error == null && value instanceof List<?> l && !l.isEmpty()) {
            text = String.valueOf(l.get(0));
          } else if (error != null
              && RpcDispatcher.asFault(error).code() == FaultCode.BAD_NAME.code()) {
            text = "No such process named " + name;
          } else {
            text = error == null ? "" : "ERROR: " + RpcDispatcher.asFault(error).faultString();
          }
          var sb = new StringBuilder(bytes + 1024);
          head(sb, "Tail of " + name);
          heading(sb, "Tail of " + name);
          sb.append("<nav>")
              .append(button("/tail.html?processname=" + quote(name) + "&limit=" + bytes,
                  "Refresh"))
              .append(button("/", "Back to status")).append("</nav>\n<pre id=\"tail\">")
              .append(html(text)).append("</pre>\n</body>\n</html>\n");
          return page(sb);
        });
  }

  // helpers

  private static void head(StringBuilder sb, String title) {
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(html(title)).append("</title>\n<link rel=\"stylesheet\" href=\"")
        .append(html(StaticFiles.STYLESHEET.link())).append("\">\n<link rel=\"icon\" href=\"")
        .append(html(StaticFiles.ICON.link())).append("\" type=\"image/svg+xml\">\n")
        .append("</head>\n<body>\n");
  }

  /** A page heading with our icon. */
  private static void heading(StringBuilder sb, String text) {
    sb.append("<h1><img src=\"").append(html(StaticFiles.ICON.link())).append("\" alt=\"\">")
        .append(html(text)).append("</h1>\n");
  }

  private static String button(String href, String label) {
    return "<a class=\"button\" href=\"" + html(href) + "\">" + html(label) + "</a>";
  }

  private static String link(String href, String label) {
    return "<a href=\"" + html(href) + "\">" + html(label) + "</a>";
  }

  private static HttpResponse page(StringBuilder sb) {
    return noCache(HttpResponse.of(200, "text/html;charset=utf-8",
        sb.toString().getBytes(StandardCharsets.UTF_8)));
  }

  static HttpResponse noCache(HttpResponse r) {
    return r.withHeader("Pragma", "no-cache").withHeader("Cache-Control", "no-cache")
        .withHeader("Expires", "Thu, 01 Jan 1970 00:00:00 GMT");
  }

  /** Query parameters, then those of a form-urlencoded POST body (which win). */
  static Map<String, String> form(HttpRequest request) {
    var out = new LinkedHashMap<String, String>();
    String target = request.target();
    int q = target.indexOf('?');
    if (q >= 0) {
      parse(target.substring(q + 1), out);
    }
    if (request.method().equals("POST") && request.body().length > 0) {
      String type = request.header("content-type").orElse("application/x-www-form-urlencoded");
      if (type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
        parse(new String(request.body(), StandardCharsets.UTF_8), out);
      }
    }
    return out;
  }

  private static void parse(String query, Map<String, String> out) {
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.put(URLDecoder.decode(k, StandardCharsets.UTF_8),
            URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // a malformed escape: the pair is ignored
      }
    }
  }

  /** Python's {@code urllib.parse.quote}: unreserved characters and '/' stay, all else %XX. */
  static String quote(String s) {
    var sb = new StringBuilder(s.length() + 16);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == '-' || c == '~' || c == '/') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }

  /** Escapes for text and attribute values. */
  static String html(Object o) {
    String s = String.valueOf(o);
    var sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
