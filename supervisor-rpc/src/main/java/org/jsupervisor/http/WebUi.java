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
import org.jsupervisor.rpc.LogFiles;
import org.jsupervisor.rpc.ProcessInfo;
import org.jsupervisor.rpc.RpcDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web interface: a status page at {@code /} and {@code /index.html} with per-process and
 * page-wide actions, and {@code /tail.html}. Every action is one of the XML-RPC operations called
 * through the dispatcher (so it runs on the loop thread and waits through futures, never by
 * blocking a thread); once it completes the browser is redirected to {@code ./?message=...}.
 * Actions need a request that {@link SameOrigin} proves came from our own page.
 * Every link is relative, as supervisord's are, so the pages work behind a reverse proxy that
 * serves them under a path. Every text that comes from the engine or the request is
 * HTML-escaped.
 */
final class WebUi {
  private static final Logger log = LoggerFactory.getLogger("supervisord");
  /** Python's {@code time.ctime()}: {@code Mon Nov  3 13:09:13 2026}. */
  private static final DateTimeFormatter CTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
  /** supervisord's tail page shows at least this many bytes. */
  static final int MIN_TAIL = 1024;
  /**
   * Our bound on the tail page (supervisord has none and reads the whole file): one read's
   * worth, so a huge {@code limit} costs the memory of what the log holds, at most this.
   */
  static final int MAX_TAIL = LogFiles.MAX_READ;
  /** supervisord's link texts for the per-process actions. */
  private static final Map<String, String> LABELS =
      Map.of("start", "Start", "restart", "Restart", "stop", "Stop");

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
    if (!SameOrigin.proven(request)) {
      // No request values in the line: they are the foreign page's words.
      log.warn("web interface: refused an action without proof that it came from this "
          + "server's page (no same-origin Sec-Fetch-Site, Origin or Referer)");
      return CompletableFuture.completedFuture(refused());
    }
    return perform(action, name).handle((message, error) -> redirect(
        error == null ? message : "ERROR: " + RpcDispatcher.asFault(error).faultString()));
  }

  private static HttpResponse refused() {
    return noCache(HttpResponse.of(403, "text/plain;charset=utf-8", ("Refused: a web interface "
        + "action must come from this server's own page (same-origin Origin or Referer); "
        + "scripts use XML-RPC.\n").getBytes(StandardCharsets.UTF_8)));
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

  /**
   * supervisord's redirect, but relative: it stays under whatever path a reverse proxy serves
   * us at, and no request header (Host) goes into it.
   */
  private static HttpResponse redirect(String message) {
    return noCache(HttpResponse.of(301, "text/html", new byte[0])
        .withHeader("Location", "./?message=" + quote(message)));
  }

  // the status page

  private CompletableFuture<HttpResponse> statusPage(String message) {
    return dispatcher.call("supervisor.getAllProcessInfo", List.of()).handle((value, error) -> {
      var sb = new StringBuilder(4096);
      head(sb, "Supervisor status");
      heading(sb, "Supervisor status");
      sb.append("<nav>")
          .append(button("index.html?action=refresh", "Refresh"))
          .append(button("index.html?action=restartall", "Restart All"))
          .append(button("index.html?action=stopall", "Stop All")).append("</nav>\n");
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
        .append("</td><td>").append(link("tail.html?processname=" + q, name, true))
        .append("</td><td>");
    // supervisord's choice: start and stop only in the states where they cannot fault;
    // a STARTING or BACKOFF program is stopped from supervisorctl.
    List<String> actions = switch (state) {
      case "RUNNING" -> List.of("restart", "stop");
      case "STOPPED", "EXITED", "FATAL" -> List.of("start");
      default -> List.of();
    };
    for (String a : actions) {
      sb.append(link("index.html?processname=" + q + "&action=" + a, LABELS.get(a), false))
          .append(' ');
    }
    sb.append(link("index.html?processname=" + q + "&action=clearlog", "Clear Log", false))
        .append(' ').append(link("logtail/" + q, "Tail -f Stdout", true)).append(' ')
        .append(link("logtail/" + q + "/stderr", "Tail -f Stderr", true)).append("</td></tr>\n");
  }

  // the tail page

  /**
   * The last {@code limit} bytes of the stdout log, read as supervisord's page reads them
   * ({@code readProcessStdoutLog(name, -limit, 0)}), with its texts for a missing name or file.
   */
  CompletableFuture<HttpResponse> tail(HttpRequest request) {
    Map<String, String> form = form(request);
    // As supervisord parses the query, an empty value is no value.
    String name = form.getOrDefault("processname", "").isEmpty() ? null
        : form.get("processname");
    int limit = tailLimit(form.getOrDefault("limit", ""));
    CompletableFuture<String> text = name == null
        ? CompletableFuture.completedFuture("No process name found")
        : dispatcher.call("supervisor.readProcessStdoutLog", List.of(name, -limit, 0))
            .handle((value, error) -> {
              if (error == null) {
                return String.valueOf(value);
              }
              Fault f = RpcDispatcher.asFault(error);
              return f.code() == FaultCode.NO_FILE.code() ? "No file for " + name
                  : "ERROR: " + unexpected(f);
            });
    return text.thenApply(tail -> {
      String shown = name == null ? "" : name;
      var sb = new StringBuilder(tail.length() + 1024);
      head(sb, "Tail of " + shown);
      heading(sb, "Tail of " + shown);
      sb.append("<nav>");
      if (name != null) {
        sb.append(button("tail.html?processname=" + quote(name) + "&limit=" + limit, "Refresh"));
      }
      sb.append(button("index.html", "Back to status")).append("</nav>\n<pre id=\"tail\">")
          .append(html(tail)).append("</pre>\n</body>\n</html>\n");
      return page(sb);
    });
  }

  /**
   * supervisord's rule (digits only, at least {@link #MIN_TAIL}, anything else the minimum),
   * bounded by {@link #MAX_TAIL} so that neither the read nor the page grows with the number.
   */
  static int tailLimit(String limit) {
    if (limit.isEmpty() || !limit.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return MIN_TAIL;
    }
    // Past nine significant digits the number is beyond MAX_TAIL (and may not fit a long).
    if (limit.replaceFirst("^0+", "").length() > 9) {
      return MAX_TAIL;
    }
    return (int) Math.max(MIN_TAIL, Math.min(MAX_TAIL, Long.parseLong(limit)));
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

  /** A link; {@code newTab} as supervisord opens tails: in a window of their own. */
  private static String link(String href, String label, boolean newTab) {
    return "<a href=\"" + html(href) + "\"" + (newTab ? " target=\"_blank\"" : "") + ">"
        + html(label) + "</a>";
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
