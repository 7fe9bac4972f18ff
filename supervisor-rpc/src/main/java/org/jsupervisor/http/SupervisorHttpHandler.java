package org.jsupervisor.http;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jsupervisor.config.PyRepr;
import org.jsupervisor.rpc.Fault;
import org.jsupervisor.rpc.MethodCall;
import org.jsupervisor.rpc.ResponseBytes;
import org.jsupervisor.rpc.RpcDispatcher;
import org.jsupervisor.rpc.SupervisorNamespace;
import org.jsupervisor.rpc.XmlRpcCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * supervisord's HTTP paths on one server: authentication first (every path), then
 * {@code /RPC2*}, {@code /logtail/<namespec>[/stdout|/stderr]}, {@code /mainlogtail},
 * the web interface ({@link WebUi}: {@code /}, {@code /index.html}, {@code /tail.html},
 * {@code /ok.html}) and its {@link StaticFiles}.
 */
final class SupervisorHttpHandler implements HttpServer.Handler {
  private static final Logger log = LoggerFactory.getLogger("supervisord");
  private static final DateTimeFormatter LAST_MODIFIED =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

  private final BasicAuth auth;
  private final RpcDispatcher dispatcher;
  private final SupervisorNamespace supervisor;
  private final WebUi ui;

  SupervisorHttpHandler(BasicAuth auth, RpcDispatcher dispatcher, SupervisorNamespace supervisor) {
    this.auth = auth;
    this.dispatcher = dispatcher;
    this.supervisor = supervisor;
    this.ui = new WebUi(dispatcher);
  }

  /**
   * Authentication, from the head alone: a client without the credentials never gets its body
   * read, as in supervisord, whose auth handler runs before the XML-RPC handler collects the body.
   */
  @Override
  public Optional<HttpResponse> refuseHead(HttpRequest head, HttpServer.Listener listener) {
    return switch (auth.check(head.header("authorization"))) {
      case UNAUTHORIZED -> Optional.of(HttpResponse.error(401)
          .withHeader("WWW-Authenticate", "Basic realm=\"default\"").closing());
      case BAD_REQUEST -> Optional.of(HttpResponse.error(400).closing());
      case OK -> Optional.empty();
    };
  }

  @Override
  public CompletableFuture<HttpResponse> handle(HttpRequest request, HttpServer.Listener listener) {
    var refusal = refuseHead(request, listener); // the server asked already; this costs little
    if (refusal.isPresent()) {
      return done(refusal.get());
    }
    String path = request.path();
    if (path.startsWith("/RPC2")) {
      return rpc(request);
    }
    if (path.startsWith("/logtail")) {
      return logtail(request);
    }
    if (path.startsWith("/mainlogtail")) {
      return get(request, () -> supervisor.mainLogPath()
          .handle((p, e) -> e != null ? HttpResponse.error(404) : tail(p, false)));
    }
    if (path.equals("/ok.html")) {
      return done(WebUi.noCache(
          HttpResponse.of(200, "text/plain", "OK".getBytes(StandardCharsets.UTF_8))));
    }
    if (path.equals("/") || path.equals("/index.html")) {
      return ui.index(request);
    }
    if (path.equals("/tail.html")) {
      return ui.tail(request);
    }
    var file = StaticFiles.find(path);
    if (file.isPresent()) {
      return done(StaticFiles.serve(request, file.get()));
    }
    return done(HttpResponse.error(404));
  }

  private static CompletableFuture<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }

  private static CompletableFuture<HttpResponse> get(HttpRequest request,
      java.util.function.Supplier<CompletableFuture<HttpResponse>> action) {
    return request.method().equals("GET") ? action.get() : done(HttpResponse.error(400));
  }

  private CompletableFuture<HttpResponse> rpc(HttpRequest request) {
    if (!request.method().equals("POST")) {
      return done(HttpResponse.error(400));
    }
    MethodCall call;
    try {
      call = XmlRpcCodec.parseCall(request.body());
    } catch (XmlRpcCodec.MalformedRequest e) {
      // The body is the client's: quoted as Python's repr, so no byte of it can start a line.
      log.error("XML-RPC request data {} is invalid: {}", quoted(request.body()), e.getMessage());
      return done(HttpResponse.error(400));
    } catch (Fault f) {
      return done(HttpResponse.of(200, "text/xml", XmlRpcCodec.fault(f)));
    }
    return dispatcher.call(call.methodName(), call.params()).handle((value, error) -> {
      if (error == null) {
        ResponseBytes answer = XmlRpcCodec.responseBytes(value);
        return HttpResponse.of(200, "text/xml", answer.buffers()).afterSent(answer::release);
      }
      Throwable e = RpcDispatcher.unwrap(error);
      if (e instanceof Fault f) {
        return HttpResponse.of(200, "text/xml", XmlRpcCodec.fault(f));
      }
      log.error("XML-RPC method {} failed", PyRepr.of(call.methodName()), e);
      return HttpResponse.error(500);
    });
  }

  /**
   * supervisord logs the whole body with {@code %r}; we log its first {@value #LOGGED_BYTES}
   * bytes the same way, and how many more there were, so a 4 MiB body is not a 4 MiB line.
   */
  static String quoted(byte[] body) {
    int n = Math.min(body.length, LOGGED_BYTES);
    String shown = PyRepr.of(new String(body, 0, n, StandardCharsets.UTF_8));
    return body.length > n ? shown + " (and " + (body.length - n) + " more bytes)" : shown;
  }

  private static final int LOGGED_BYTES = 200;

  private CompletableFuture<HttpResponse> logtail(HttpRequest request) {
    return get(request, () -> {
      String rest = request.path().substring("/logtail".length());
      if (rest.startsWith("/")) {
        rest = rest.substring(1);
      }
      String[] parts = rest.split("/", -1);
      String name;
      try {
        name = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return done(HttpResponse.error(404)); // "%zz": no such process, as supervisord says
      }
      String channel = parts.length > 1 ? parts[1] : "stdout";
      if (name.isEmpty() || parts.length > 2
          || !(channel.equals("stdout") || channel.equals("stderr"))) {
        return done(HttpResponse.error(404));
      }
      return supervisor.logPath(name, channel.equals("stderr"))
          .handle((p, e) -> e != null ? HttpResponse.error(404) : tail(p, true));
    });
  }

  private static HttpResponse tail(Optional<Path> file, boolean accelHeader) {
    if (file.isEmpty() || !Files.exists(file.get())) {
      return HttpResponse.error(404);
    }
    try {
      var headers = new ArrayList<Map.Entry<String, String>>();
      headers.add(Map.entry("Content-Type", "text/plain;charset=utf-8"));
      // Without it a browser holds back a text it may sniff until it has 512 bytes or the end,
      // and a quiet program's tail never ends: the window would stay blank.
      headers.add(Map.entry("X-Content-Type-Options", "nosniff"));
      headers.add(Map.entry("Last-Modified", LAST_MODIFIED.format(
          Files.getLastModifiedTime(file.get()).toInstant().atZone(ZoneOffset.UTC))));
      if (accelHeader) {
        headers.add(Map.entry("X-Accel-Buffering", "no"));
      }
      return HttpResponse.stream(List.copyOf(headers), new LogTail(file.get()));
    } catch (IOException e) {
      return HttpResponse.error(404);
    }
  }
}
