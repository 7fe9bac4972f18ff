package org.jsupervisor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jsupervisor.config.ConfigLoader;
import org.jsupervisor.loop.Clock;
import org.jsupervisor.loop.EventLoop;
import org.jsupervisor.posix.PosixSpawner;
import org.jsupervisor.posix.Signals;
import org.jsupervisor.process.ManagedProcess;
import org.jsupervisor.process.Signal;
import org.jsupervisor.process.Supervisor;
import org.jsupervisor.rpc.SupervisorControl;
import org.jsupervisor.rpc.XmlRpcCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine and the servers in this JVM (which therefore never starts a java.lang.Process),
 * driven over TCP with the JDK's HTTP client and over the unix socket with a SocketChannel.
 */
class InProcessServersTest {
  @TempDir Path dir;
  private EventLoop loop;
  private Supervisor supervisor;
  private Signals signals;
  private Thread thread;
  private RpcServers servers;
  private Path socket;
  private String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .build();
  private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString(
      "user:secret".getBytes(StandardCharsets.UTF_8));

  private Path conf;

  @BeforeEach
  void start() throws Exception {
    socket = dir.resolve("s.sock");
    conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, String.join("\n",
        "[supervisord]", "logfile=" + dir.resolve("supervisord.log"), "childlogdir=" + dir,
        "[unix_http_server]", "file=" + socket, "chmod=0760",
        "[inet_http_server]", "port=127.0.0.1:" + freePort(), "username=user",
        "password={SHA}" + BasicAuth.sha1Hex("secret"),
        "[program:sleeper]", "command=sleep 1000", "startsecs=0",
        "[program:echo]", "command=/bin/sh -c \"echo hello; exec sleep 1000\"", "startsecs=0",
        "autostart=false",
        "[program:slow]", "command=sleep 1000", "startsecs=1", "autostart=false",
        "[program:hostile]", "command=/nonexistent/<script>alert(1)</script>", "startretries=0",
        ""));
    var config = ConfigLoader.load(conf);
    loop = new EventLoop(Clock.SYSTEM);
    supervisor = new Supervisor(config, loop, new PosixSpawner(), ManagedProcess.Signaller.POSIX,
        System.getenv());
    loop.onChildExit(supervisor::reaped);
    supervisor.onStopped(loop::stop);
    signals = Signals.install(List.of(Signal.CHLD), s -> loop.childExited());
    var control = new SupervisorControl() {
      @Override
      public void shutdown() {
        supervisor.shutdown(Supervisor.Mood.SHUTDOWN);
      }

      @Override
      public void restart() {
        supervisor.shutdown(Supervisor.Mood.RESTARTING);
      }

      @Override
      public void reopenMainLog() { }

      @Override
      public org.jsupervisor.config.Config reloadConfig()
          throws org.jsupervisor.config.ConfigException {
        return ConfigLoader.load(conf);
      }
    };
    servers = RpcServers.start(config, loop, supervisor, control,
        HttpLimits.DEFAULT.withMaxBody(64 * 1024));
    base = "http://127.0.0.1:" + servers.inetAddresses().get(0).getPort();
    loop.execute(() -> {
      try {
        supervisor.start();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    thread = new Thread(loop::run, "supervisor-loop");
    thread.start();
  }

  private static int freePort() throws java.io.IOException {
    try (var s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (thread == null) {
      return;
    }
    if (thread.isAlive()) {
      loop.execute(() -> supervisor.shutdown(Supervisor.Mood.SHUTDOWN));
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
    servers.close();
    signals.close();
    loop.close();
  }

  private HttpResponse<String> post(byte[] body, String auth) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(base + "/RPC2"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String call(String method, Object... args) throws Exception {
    var r = post(XmlRpcCodec.call(method, args), AUTH);
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  @Test
  void startWaitsUntilRunningAndStopUntilStopped() throws Exception {
    long t0 = System.nanoTime();
    assertTrue(call("supervisor.startProcess", "slow", true).contains("<boolean>1</boolean>"));
    assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(900), "waited startsecs");
    assertTrue(call("supervisor.getProcessInfo", "slow").contains("<string>RUNNING</string>"));
    assertTrue(call("supervisor.startProcess", "slow").contains("ALREADY_STARTED: slow"));
    assertTrue(call("supervisor.stopProcess", "slow").contains("<boolean>1</boolean>"));
    assertTrue(call("supervisor.getProcessInfo", "slow").contains("<string>STOPPED</string>"));
    assertTrue(call("supervisor.stopProcess", "slow").contains("NOT_RUNNING: slow"));
    assertTrue(call("supervisor.getProcessInfo", "nosuch").contains("BAD_NAME: nosuch"));
    assertTrue(call("supervisor.getState").contains("<string>RUNNING</string>"));
  }

  @Test
  void reloadConfigOnlyParsesAndAddProcessGroupStartsTheNewGroup() throws Exception {
    String nothing = "<array><data><value><array><data>"
        + "<value><array><data></data></array></value>".repeat(3)
        + "</data></array></value></data></array>";
    String unchanged = call("supervisor.reloadConfig");
    assertTrue(unchanged.replaceAll(">\\s+<", "><").contains(nothing), unchanged);
    Files.writeString(conf, Files.readString(conf).replace("[program:slow]",
        "[program:added]\ncommand=sleep 1000\nstartsecs=0\n[program:slow]"));
    assertTrue(call("supervisor.addProcessGroup", "added").contains("BAD_NAME: added"),
        "not in the last parsed config yet");
    String diff = call("supervisor.reloadConfig").replaceAll(">\\s+<", "><");
    assertTrue(diff.contains("<value><array><data><value><string>added</string></value>"
        + "</data></array></value>"), diff);
    String info = call("supervisor.getAllConfigInfo");
    assertTrue(info.contains("<string>added</string>"), info);
    assertTrue(call("supervisor.getProcessInfo", "added").contains("BAD_NAME: added"),
        "reloadConfig applies nothing");
    assertTrue(call("supervisor.addProcessGroup", "added").contains("<boolean>1</boolean>"));
    assertTrue(call("supervisor.addProcessGroup", "added").contains("ALREADY_ADDED: added"));
    String state = "";
    for (int i = 0; i < 100 && !state.contains("<string>RUNNING</string>"); i++) {
      Thread.sleep(50);
      state = call("supervisor.getProcessInfo", "added");
    }
    assertTrue(state.contains("<string>RUNNING</string>"), "autostart process started: " + state);
    assertTrue(call("supervisor.removeProcessGroup", "added").contains("STILL_RUNNING: added"));
    call("supervisor.stopProcess", "added");
    assertTrue(call("supervisor.removeProcessGroup", "added").contains("<boolean>1</boolean>"));
    assertTrue(call("supervisor.removeProcessGroup", "added").contains("BAD_NAME: added"));
    Files.writeString(conf, Files.readString(conf) + "[program:bad]\nstartsecs=ten\n");
    assertTrue(call("supervisor.reloadConfig").contains("CANT_REREAD: " + conf + ":"));
  }

  @Test
  void logtailStreamsTheLogAndSendProcessStdinWrites() throws Exception {
    call("supervisor.startProcess", "echo");
    var r = http.send(HttpRequest.newBuilder(URI.create(base + "/logtail/echo"))
        .header("Authorization", AUTH).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    try (var in = r.body()) {
      byte[] buf = new byte[6];
      int n = 0;
      while (n < 6) {
        n += in.read(buf, n, 6 - n);
      }
      assertEquals("hello\n", new String(buf, StandardCharsets.UTF_8));
    }
    var missing = http.send(HttpRequest.newBuilder(URI.create(base + "/logtail/nosuch"))
        .header("Authorization", AUTH).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, missing.statusCode());
    assertTrue(call("supervisor.sendProcessStdin", "sleeper", "x\n").contains("<boolean>1"));
  }

  @Test
  void authenticationIsRequiredOnTheInetServer() throws Exception {
    var none = post(XmlRpcCodec.call("supervisor.getState"), null);
    assertEquals(401, none.statusCode());
    assertEquals("Basic realm=\"default\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
    String wrong = "Basic " + Base64.getEncoder().encodeToString("user:nope".getBytes());
    assertEquals(401, post(XmlRpcCodec.call("supervisor.getState"), wrong).statusCode());
    assertEquals(200, post(XmlRpcCodec.call("supervisor.getState"), AUTH).statusCode());
  }

  @Test
  void hostileRequestsGetHttpErrorsNotStackTraces() throws Exception {
    String xxe = "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
        + "<methodCall><methodName>&x;</methodName></methodCall>";
    assertEquals(400, post(xxe.getBytes(StandardCharsets.UTF_8), AUTH).statusCode());
    assertEquals(400, post(new byte[] {0, 1, 2, (byte) 0xff}, AUTH).statusCode());
    assertEquals(413, post(new byte[100 * 1024], AUTH).statusCode());
    var get = http.send(HttpRequest.newBuilder(URI.create(base + "/RPC2"))
        .header("Authorization", AUTH).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, get.statusCode());
    assertTrue(get.body().contains("<p>Error code 400."));
    assertTrue(call("supervisor.startProcess", 5).contains("INCORRECT_PARAMETERS"));
    assertTrue(call("supervisor.getState", 1, 2).contains("INCORRECT_PARAMETERS"));
    assertTrue(call("system.nosuch").contains("UNKNOWN_METHOD"));
    // still serving
    assertTrue(call("supervisor.getAPIVersion").contains("<string>3.0</string>"));
  }

  /** A malformed escape in a log tail's name used to be a 500 with a stack trace. */
  @Test
  void aBadEscapeInALogtailNameIsNotFound() throws Exception {
    for (String target : List.of("/logtail/%zz", "/logtail/%", "/logtail/sleeper%2")) {
      try (var ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
        // Raw: the JDK's client refuses to send such a URI at all.
        ch.write(ByteBuffer.wrap(("GET " + target + " HTTP/1.0\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII)));
        var answer = new java.io.ByteArrayOutputStream();
        var buf = ByteBuffer.allocate(4096);
        while (ch.read(buf.clear()) >= 0) {
          answer.write(buf.array(), 0, buf.position());
        }
        String text = answer.toString(StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("HTTP/1.0 404 Not Found\r\n"), target + ": " + text);
      }
    }
  }

  @Test
  void unixSocketServesWithoutAuthAndHasTheConfiguredMode() throws Exception {
    assertEquals("rwxrw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    byte[] body = XmlRpcCodec.call("supervisor.getAPIVersion");
    String request = "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length
        + "\r\n\r\n";
    try (var ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      for (int i = 0; i < 2; i++) { // the same kept-alive connection twice
        ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        ch.write(ByteBuffer.wrap(body));
        String response = readResponse(ch);
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        assertTrue(response.contains("Server: Medusa/1.12\r\n"), response);
        assertTrue(response.endsWith("<value><string>3.0</string></value>\n</param>\n</params>\n"
            + "</methodResponse>\n"), response);
      }
    }
  }

  private static String readResponse(SocketChannel ch) throws Exception {
    var out = new StringBuilder();
    var buf = ByteBuffer.allocate(4096);
    while (!out.toString().endsWith("</methodResponse>\n")) {
      buf.clear();
      int n = ch.read(buf);
      if (n < 0) {
        break;
      }
      out.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  @Test
  void hundredConcurrentClientsWhileProcessesStartAndStop() throws Exception {
    var pool = Executors.newFixedThreadPool(100);
    try {
      var tasks = new ArrayList<Callable<Integer>>();
      for (int i = 0; i < 100; i++) {
        tasks.add(() -> {
          int ok = 0;
          for (int j = 0; j < 5; j++) {
            // Whole and in order: answers are written into pooled arrays that every other
            // answer reuses once sent; a mix-up would show here.
            String body = call("supervisor.getAllProcessInfo");
            var names = java.util.regex.Pattern.compile(
                "<member>\n<name>name</name>\n<value><string>(\\w+)</string>").matcher(body)
                .results().map(m -> m.group(1)).toList();
            if (names.equals(List.of("echo", "hostile", "sleeper", "slow"))
                && body.endsWith("</struct></value>\n</data></array></value>\n</param>\n"
                    + "</params>\n</methodResponse>\n")) {
              ok++;
            }
          }
          return ok;
        });
      }
      List<Future<Integer>> results = new ArrayList<>();
      for (var t : tasks) {
        results.add(pool.submit(t));
      }
      for (int i = 0; i < 5; i++) {
        call("supervisor.stopProcess", "sleeper");
        call("supervisor.startProcess", "sleeper");
      }
      int total = 0;
      for (var f : results) {
        total += f.get(120, TimeUnit.SECONDS);
      }
      assertEquals(500, total);
      int threads = (int) Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("http-worker")).count();
      assertTrue(threads <= HttpLimits.DEFAULT.workers(), "bounded workers: " + threads);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shutdownAnswersThenEverythingFaultsShutdownState() throws Exception {
    assertTrue(call("supervisor.shutdown").contains("<boolean>1</boolean>"));
    String after = call("supervisor.getState");
    assertTrue(after.contains("SHUTDOWN_STATE") || after.contains("<int>-1</int>"), after);
    assertTrue(call("supervisor.sendRemoteCommEvent", "t", "d").contains("<boolean>1"));
    thread.join(TimeUnit.SECONDS.toMillis(30));
    assertTrue(!thread.isAlive(), "the loop stops once every process has stopped");
  }

  /**
   * supervisord keeps serving log tails until it exits: a tail opened before the shutdown keeps
   * streaming, and new ones are served while a process is still stopping.
   */
  @Test
  @org.junit.jupiter.api.Timeout(120)
  void logTailsAreServedAndKeepStreamingWhileTheDaemonShutsDown() throws Exception {
    Path log = dir.resolve("stubborn.log");
    // Added through a re-read so that no other test starts it: it ignores SIGTERM (ignored
    // dispositions survive exec), so the shutdown waits for it until we kill it by pid.
    Files.writeString(conf, Files.readString(conf) + "[program:stubborn]\n"
        + "command=/bin/sh -c \"trap '' TERM; echo before; exec sleep 1000\"\n"
        + "startsecs=0\nstopwaitsecs=600\nstdout_logfile=" + log + "\n");
    call("supervisor.reloadConfig");
    assertTrue(call("supervisor.addProcessGroup", "stubborn").contains("<boolean>1"));
    awaitTrue(() -> Files.exists(log) && Files.readString(log).equals("before\n"));
    int pid = pid("stubborn");
    try {
      var early = tail("/logtail/stubborn");
      assertEquals(200, early.statusCode());
      var earlyBody = early.body();
      readUntil(earlyBody, "before\n");

      assertTrue(call("supervisor.shutdown").contains("<boolean>1"));
      awaitTrue(() -> call("supervisor.getState").contains("SHUTDOWN_STATE"));
      var late = tail("/logtail/stubborn");
      assertEquals(200, late.statusCode(), "a new tail while shutting down");
      assertEquals("text/plain;charset=utf-8",
          late.headers().firstValue("Content-Type").orElse(""));
      var lateBody = late.body();
      readUntil(lateBody, "before\n");
      // No main log is set up in this JVM: write the file the daemon would have written.
      Files.writeString(dir.resolve("supervisord.log"), "main log\n");
      var main = tail("/mainlogtail");
      assertEquals(200, main.statusCode());
      readUntil(main.body(), "main log\n");
      assertEquals(404, tail("/logtail/nosuch").statusCode());

      Files.writeString(log, "during\n", java.nio.file.StandardOpenOption.APPEND);
      readUntil(earlyBody, "during\n");
      readUntil(lateBody, "during\n");
      assertTrue(thread.isAlive(), "still shutting down");
    } finally {
      org.jsupervisor.posix.Kill.kill(pid, Signal.KILL);
    }
    thread.join(TimeUnit.SECONDS.toMillis(30));
    assertTrue(!thread.isAlive(), "the loop stops once stubborn is gone");
  }

  private HttpResponse<java.io.InputStream> tail(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", AUTH).build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** Reads {@code in} until {@code text} has arrived (the test's timeout bounds the wait). */
  private static void readUntil(java.io.InputStream in, String text) throws Exception {
    var seen = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!seen.toString(StandardCharsets.UTF_8).contains(text)) {
      int n = in.read(buf);
      assertTrue(n >= 0, "stream ended before " + text + ": " + seen);
      seen.write(buf, 0, n);
    }
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(Condition c) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!c.holds()) {
      assertTrue(System.nanoTime() < deadline, "timed out");
      Thread.sleep(20);
    }
  }

  // the web interface

  private HttpResponse<String> page(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .header("Authorization", AUTH).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Runs an action (GET query or POST form) as a link or form of our page would (its Referer)
   * and returns the decoded redirect message.
   */
  private String action(String form, boolean post) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(base + (post ? "/index.html" : "/?" + form)))
        .header("Authorization", AUTH).header("Referer", base + "/")
        .timeout(Duration.ofSeconds(30));
    if (post) {
      b.header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form));
    }
    var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(301, r.statusCode(), r.body());
    String location = r.headers().firstValue("Location").orElseThrow();
    String prefix = "./?message=";
    assertTrue(location.startsWith(prefix), location);
    assertTrue(!location.substring(prefix.length()).contains(" "), "quoted: " + location);
    return java.net.URLDecoder.decode(location.substring(prefix.length()), StandardCharsets.UTF_8);
  }

  private int pid(String name) throws Exception {
    var m = java.util.regex.Pattern.compile("<name>pid</name>\\s*<value><int>(\\d+)</int>")
        .matcher(call("supervisor.getProcessInfo", name));
    assertTrue(m.find());
    return Integer.parseInt(m.group(1));
  }

  private String state(String name) throws Exception {
    var m = java.util.regex.Pattern.compile("<name>statename</name>\\s*<value><string>(\\w+)<")
        .matcher(call("supervisor.getProcessInfo", name));
    assertTrue(m.find());
    return m.group(1);
  }

  @Test
  void webUiActionsRedirectWithTheirMessagesAndChangeState() throws Exception {
    assertEquals("Process slow started", action("processname=slow&action=start", false));
    assertEquals("RUNNING", state("slow"), "start waited for startsecs");
    assertEquals("ERROR: Process slow: already started", action("processname=slow&action=start",
        true));
    int before = pid("slow");
    assertEquals("Process slow restarted", action("processname=slow&action=restart", true));
    assertEquals("RUNNING", state("slow"));
    assertTrue(pid("slow") != before, "a new process");
    assertEquals("Process slow stopped", action("action=stop&processname=slow", false));
    assertEquals("STOPPED", state("slow"));
    assertEquals("Log for echo cleared", action("processname=echo&action=clearlog", true));
    assertEquals("No such process named nosuch", action("processname=nosuch&action=stop", false));
    assertEquals("ERROR: Process hostile: no such file",
        action("processname=hostile&action=start", false));
    assertTrue(action("action=refresh", false).startsWith("Page refreshed at "));
    assertTrue(action("action=stopall", true).matches("All stopped at \\w{3} \\w{3} [ \\d]\\d "
        + "\\d\\d:\\d\\d:\\d\\d \\d{4}"));
    assertEquals("STOPPED", state("sleeper"));
    assertTrue(action("action=restartall", false).startsWith("All restarted at "));
    assertEquals("RUNNING", state("sleeper"));
    assertEquals("RUNNING", state("slow"));

    var shown = page("/?message=" + WebUi.quote("Process slow stopped"));
    assertEquals(200, shown.statusCode());
    assertTrue(shown.body().contains(">Process slow stopped</p>"), shown.body());
    assertEquals("no-cache", shown.headers().firstValue("Cache-Control").orElse(""));
    assertEquals("no-cache", shown.headers().firstValue("Pragma").orElse(""));
    assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", shown.headers().firstValue("Expires").orElse(""));
    assertTrue(shown.body().contains("<a href=\"index.html?processname=slow&amp;action=stop\">"
        + "Stop</a>"), shown.body());
  }

  @Test
  void webUiEscapesEverythingAndShowsTails() throws Exception {
    String body = "";
    for (int i = 0; i < 100 && !body.contains("FATAL"); i++) {
      Thread.sleep(50);
      body = page("/index.html").body();
    }
    assertTrue(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), body);
    assertTrue(!body.contains("<script"), body);
    String hostile = page("/?message=" + WebUi.quote("<script>alert(\"x\")</script>")).body();
    assertTrue(!hostile.contains("<script"), hostile);
    assertTrue(hostile.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"), hostile);

    assertEquals("Process echo started", action("processname=echo&action=start", false));
    String tail = "";
    for (int i = 0; i < 100 && !tail.contains("hello"); i++) {
      Thread.sleep(50);
      tail = page("/tail.html?processname=echo&limit=10").body();
    }
    assertTrue(tail.contains("<pre id=\"tail\">hello\n</pre>"), tail);
    assertTrue(page("/tail.html?processname=%3Cb%3E").body()
        .contains("ERROR: unexpected rpc fault [10] BAD_NAME: &lt;b&gt;"));
    var ok = page("/ok.html");
    assertEquals(200, ok.statusCode());
    assertEquals("OK", ok.body());
    var anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/?action=stopall"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode());
    assertEquals("RUNNING", state("sleeper"), "an unauthenticated action does nothing");
  }

  @Test
  void webUiStylesheetAndIconAreServedWithTypesAndCachingHeaders() throws Exception {
    String index = page("/").body();
    var link = java.util.regex.Pattern.compile(
        "<link rel=\"stylesheet\" href=\"(stylesheets/supervisor\\.css\\?v=(\\w+))\">")
        .matcher(index);
    assertTrue(link.find(), index);
    assertTrue(index.contains("<img src=\"images/icon.svg?v="), index);
    String css = "/" + link.group(1);
    String etag = "\"" + link.group(2) + "\"";

    var versioned = page(css);
    assertEquals(200, versioned.statusCode());
    assertEquals("text/css;charset=utf-8", versioned.headers().firstValue("Content-Type").get());
    assertEquals("public, max-age=31536000, immutable",
        versioned.headers().firstValue("Cache-Control").get(), "the linked URL never changes");
    assertEquals(etag, versioned.headers().firstValue("ETag").get());
    assertTrue(versioned.body().contains(".state.running"), versioned.body());

    var bare = page("/stylesheets/supervisor.css");
    assertEquals(200, bare.statusCode());
    assertEquals("no-cache", bare.headers().firstValue("Cache-Control").get(),
        "revalidated: a new release serves new content here");
    assertEquals(versioned.body(), bare.body());

    var revalidated = http.send(HttpRequest.newBuilder(URI.create(base + css))
        .header("Authorization", AUTH).header("If-None-Match", "\"other\", " + etag).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(304, revalidated.statusCode());
    assertEquals("", revalidated.body());
    assertEquals(etag, revalidated.headers().firstValue("ETag").get());

    var head = http.send(HttpRequest.newBuilder(URI.create(base + css))
        .header("Authorization", AUTH).method("HEAD", HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, head.statusCode());
    assertEquals(String.valueOf(versioned.body().getBytes(StandardCharsets.UTF_8).length),
        head.headers().firstValue("Content-Length").get(), "HEAD: the length of the GET body");
    assertEquals("", head.body());

    var icon = page("/" + index.replaceAll("(?s).*<img src=\"([^\"]+)\".*", "$1"));
    assertEquals(200, icon.statusCode());
    assertEquals("image/svg+xml", icon.headers().firstValue("Content-Type").get());
    assertTrue(icon.body().startsWith("<svg "), icon.body());

    var post = http.send(HttpRequest.newBuilder(URI.create(base + css))
        .header("Authorization", AUTH).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, post.statusCode());
    assertEquals(404, page("/stylesheets/other.css").statusCode());
    var anonymous = http.send(HttpRequest.newBuilder(URI.create(base + css)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode(), "authentication covers every path");
  }

  @Test
  void webUiQuoteAndFormParsing() {
    assertEquals("Process%20a%3Ab%20started", WebUi.quote("Process a:b started"));
    var req = new org.jsupervisor.http.HttpRequest("POST", "/?processname=x&action=start",
        "HTTP/1.1", java.util.Map.of(), "action=stop&processname=a%3Ab+c".getBytes());
    var form = WebUi.form(req);
    assertEquals("stop", form.get("action"));
    assertEquals("a:b c", form.get("processname"));
  }

  /** A GET of {@code pathAndQuery} with these extra headers (name, value, ...). */
  private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .header("Authorization", AUTH).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void webUiActionsFromAnotherSiteAreRefusedAndChangeNothing() throws Exception {
    awaitTrue(() -> state("sleeper").equals("RUNNING"));
    String ours = base + "/";
    String[][] foreign = {
        {"Origin", "http://evil.example"},
        {"Referer", "http://evil.example/page.html"},
        {"Referer", "http://127.0.0.1.evil.example/"},
        {"Sec-Fetch-Site", "cross-site", "Referer", ours},
        {"Sec-Fetch-Site", "same-site"},
        {"Origin", "null", "Referer", ours},
        {"X-Forwarded-Host", "evil.example", "Referer", "http://other.example/"},
        {}, // a referrer-less link proves nothing
    };
    for (String[] headers : foreign) {
      for (String action : List.of("/index.html?processname=sleeper&action=stop",
          "/?action=stopall", "/?processname=sleeper&action=restart")) {
        var r = get(action, headers);
        assertEquals(403, r.statusCode(), List.of(headers) + " " + action);
        assertTrue(r.body().startsWith("Refused: "), r.body());
      }
      var post = http.send(HttpRequest.newBuilder(URI.create(base + "/index.html"))
          .header("Authorization", AUTH).header("Content-Type", "application/x-www-form-urlencoded")
          .headers(headers.length == 0 ? new String[] {"Accept", "*/*"} : headers)
          .POST(HttpRequest.BodyPublishers.ofString("action=stopall")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(403, post.statusCode(), "POST " + List.of(headers));
    }
    assertEquals("RUNNING", state("sleeper"), "no refused action ran");
    assertEquals(200, get("/").statusCode(), "the page itself needs no proof");
    assertEquals(200, get("/?message=hello").statusCode());

    // What our page's links send, directly or through a proxy that rewrote Host.
    String[][] own = {
        {"Sec-Fetch-Site", "same-origin"},
        {"Sec-Fetch-Site", "none"},
        {"Origin", base},
        {"Referer", base + "/tail.html?processname=sleeper"},
        {"Referer", "https://public.example/supervisor/", "X-Forwarded-Host", "public.example"},
    };
    for (String[] headers : own) {
      var r = get("/?processname=sleeper&action=restart", headers);
      assertEquals(301, r.statusCode(), List.of(headers).toString());
      assertEquals("./?message=Process%20sleeper%20restarted",
          r.headers().firstValue("Location").orElse(""));
    }
  }

  @Test
  void webUiRedirectIsRelativeAndTakesNothingFromTheHostHeader() throws Exception {
    try (var ch = SocketChannel.open(servers.inetAddresses().get(0))) {
      ch.write(ByteBuffer.wrap(("GET /index.html?action=refresh HTTP/1.1\r\n"
          + "Host: evil.example\r\nReferer: http://evil.example/\r\n"
          + "Authorization: " + AUTH + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1)));
      var answer = new java.io.ByteArrayOutputStream();
      var buf = ByteBuffer.allocate(8192);
      while (ch.read(buf) >= 0) {
        answer.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      String head = answer.toString(StandardCharsets.ISO_8859_1);
      assertTrue(head.startsWith("HTTP/1.1 301 "), head);
      assertTrue(head.contains("\r\nLocation: ./?message=Page%20refreshed%20at%20"), head);
      assertTrue(!head.contains("evil"), head);
    }
  }

  @Test
  void webUiTailPageBoundsTheLimitToTheLogAndNeverFails() throws Exception {
    call("supervisor.startProcess", "echo");
    awaitTrue(() -> get("/tail.html?processname=echo").body().contains("hello"));
    var threads = (com.sun.management.ThreadMXBean)
        java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getTotalThreadAllocatedBytes();
    var big = get("/tail.html?processname=echo&limit=300000000");
    long allocated = threads.getTotalThreadAllocatedBytes() - before;
    assertEquals(200, big.statusCode());
    assertTrue(big.body().contains("<pre id=\"tail\">hello\n</pre>"), big.body());
    // The page was sized by the limit: 300 MB. Everything this JVM did meanwhile is counted.
    assertTrue(allocated < 64L * 1024 * 1024, "allocated " + allocated + " bytes");
    assertTrue(big.body().contains("limit=16777216"), "the refresh link shows the bound");

    var max = get("/tail.html?processname=echo&limit=2147483647");
    assertEquals(200, max.statusCode(), max.body());
    assertTrue(max.body().contains("<pre id=\"tail\">hello\n</pre>"), max.body());
    for (String limit : List.of("99999999999999999999999", "-5", "1e9", "", "%20")) {
      assertEquals(200, get("/tail.html?processname=echo&limit=" + limit).statusCode(), limit);
    }
    assertEquals(1024, WebUi.tailLimit("10"));
    assertEquals(2000, WebUi.tailLimit("2000"));
    assertEquals(1024, WebUi.tailLimit("-2000"));
    assertEquals(1024, WebUi.tailLimit(" 2000"));
    assertEquals(WebUi.MAX_TAIL, WebUi.tailLimit("0000000000000000099999999"));
    assertEquals(2000, WebUi.tailLimit("0000000000000000000002000"));
  }
}
