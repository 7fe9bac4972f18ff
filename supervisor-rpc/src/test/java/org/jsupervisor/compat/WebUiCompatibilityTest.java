package org.jsupervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page of our daemon and of Python's supervisord 4.2.5 on the same configuration, with
 * a program in each state: the same links (relative, as supervisord writes them) and the same
 * actions per state; the same tail page text for the same {@code limit}; and redirects after an
 * action that lead to the same place.
 */
class WebUiCompatibilityTest {
  /** Each program's name and the state it is compared in. */
  private static final Map<String, String> STATES = Map.of(
      "running", "RUNNING", "stopped", "STOPPED", "exited", "EXITED", "fatal", "FATAL",
      "starting", "STARTING", "backoff", "BACKOFF", "grp:member", "RUNNING");

  @TempDir Path dir;
  private final PythonSupervisor python = new PythonSupervisor();
  private final DaemonProcesses daemons = new DaemonProcesses();
  private final WebPages web = WebPages.client();

  @AfterEach
  void stopDaemons() throws InterruptedException {
    daemons.close();
  }

  /** Starts one daemon on the shared configuration; returns its base URL. */
  private String start(boolean ours) throws Exception {
    Path d = Files.createDirectories(dir.resolve(ours ? "ours" : "theirs"));
    Path socket = d.resolve("s.sock");
    Path conf = d.resolve("supervisord.conf");
    int port = WebPages.freePort();
    Files.writeString(conf, String.join("\n",
        "[supervisord]",
        "logfile=" + d.resolve("supervisord.log"),
        "pidfile=" + d.resolve("supervisord.pid"),
        "childlogdir=" + d,
        "[unix_http_server]",
        "file=" + socket,
        "[inet_http_server]",
        "port=127.0.0.1:" + port,
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "[program:running]", "command=sleep 1000", "startsecs=0",
        "[program:stopped]", "command=sleep 1000", "autostart=false",
        // ~9 KB of stdout, so that the tail page's limit matters
        "[program:exited]", "command=/bin/sh -c \"seq 1 2000; echo err >&2\"", "startsecs=0",
        "autorestart=false",
        "[program:fatal]", "command=/nonexistent/program", "startretries=0",
        "[program:starting]", "command=sleep 1000", "startsecs=1000",
        // each retry backs off a second longer, so BACKOFF soon holds nearly all the time
        "[program:backoff]", "command=/bin/sh -c \"exit 3\"", "startsecs=1",
        "startretries=1000",
        "[program:member]", "command=sleep 1000", "startsecs=0",
        "[group:grp]", "programs=member",
        ""));
    Path out = d.resolve(ours ? "jsupervisord.out" : "python-supervisord.out");
    Process daemon = ours ? daemons.startOurs(d, conf)
        : daemons.track(python.startSupervisord(d, conf));
    DaemonProcesses.awaitSocket(socket, daemon, out);
    return "http://127.0.0.1:" + port;
  }

  /** The status page once every program is in its state (BACKOFF comes and goes). */
  private String pageInAllStates(String base) throws Exception {
    String[] page = {""};
    var states = new LinkedHashMap<String, String>();
    try {
      WebPages.await("every state on " + base, () -> {
        page[0] = web.get(base + "/").body();
        states.clear();
        WebPages.rows(page[0]).forEach((name, row) -> states.put(name, row.state()));
        return states.equals(STATES);
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + ": last seen " + states + " in\n" + page[0], e);
    }
    return page[0];
  }

  @Test
  void statusPageOffersSupervisordsLinksInEveryState() throws Exception {
    String theirs = pageInAllStates(start(false));
    String ours = pageInAllStates(start(true));
    var theirRows = WebPages.rows(theirs);
    var ourRows = WebPages.rows(ours);
    for (String name : STATES.keySet()) {
      assertEquals(theirRows.get(name), ourRows.get(name), name);
    }
    assertEquals(WebPages.pageLinks(theirs), WebPages.pageLinks(ours));
    // What was compared: a RUNNING row of supervisord's, written out.
    String q = "grp%3Amember";
    assertEquals(List.of(
        new WebPages.Link("tail.html?processname=" + q, "grp:member", true),
        new WebPages.Link("index.html?processname=" + q + "&action=restart", "Restart", false),
        new WebPages.Link("index.html?processname=" + q + "&action=stop", "Stop", false),
        new WebPages.Link("index.html?processname=" + q + "&action=clearlog", "Clear Log", false),
        new WebPages.Link("logtail/" + q, "Tail -f Stdout", true),
        new WebPages.Link("logtail/" + q + "/stderr", "Tail -f Stderr", true)),
        theirRows.get("grp:member").links());
    assertEquals(List.of("Clear Log", "Tail -f Stdout", "Tail -f Stderr"),
        theirRows.get("backoff").links().stream().skip(1).map(WebPages.Link::label).toList(),
        "no start or stop in BACKOFF");
  }

  @Test
  void tailPageAndActionRedirectsMatchSupervisord() throws Exception {
    String theirs = start(false);
    String ours = start(true);
    for (String base : List.of(theirs, ours)) {
      WebPages.await("exited on " + base, () -> web.get(base + "/").body().contains("exited"));
      WebPages.await("exited's output on " + base, () -> WebPages.pre(
          web.get(base + "/tail.html?processname=exited&limit=99999").body()).endsWith("2000\n"));
    }
    var queries = new ArrayList<String>();
    for (String limit : List.of("", "&limit=10", "&limit=1024", "&limit=2000", "&limit=abc",
        "&limit=-5000", "&limit=5000", "&limit=99999")) {
      queries.add("processname=exited" + limit);
    }
    queries.addAll(List.of("processname=nosuch", "processname=fatal", "processname=", ""));
    for (String query : queries) {
      String their = web.get(theirs + "/tail.html?" + query).body();
      String our = web.get(ours + "/tail.html?" + query).body();
      assertEquals(WebPages.pre(their), WebPages.pre(our), query);
      assertEquals(refresh(their), refresh(our), query);
    }
    assertEquals(5000, WebPages.pre(web.get(ours + "/tail.html?processname=exited&limit=5000")
        .body()).length(), "the last 5000 bytes");

    // After an action both send the browser to the page with the same message.
    for (String action : List.of("processname=running&action=stop",
        "processname=stopped&action=start", "processname=nosuch&action=stop",
        "processname=fatal&action=clearlog")) {
      String their = redirect(theirs, action);
      String our = redirect(ours, action);
      assertEquals(their, our, action);
    }
  }

  /** The refresh link of a tail page, if it has one. */
  private static String refresh(String page) {
    return WebPages.links(page).stream().map(WebPages.Link::href)
        .filter(h -> h.startsWith("tail.html")).findFirst().orElse("none");
  }

  /** Runs an action from the daemon's page; where its redirect leads, as a path and query. */
  private String redirect(String base, String action) throws Exception {
    String from = base + "/index.html?" + action;
    var r = web.get(from, "Referer", base + "/");
    assertEquals(301, r.statusCode(), r.body());
    URI to = URI.create(from).resolve(r.headers().firstValue("Location").orElseThrow());
    assertEquals(URI.create(base).getAuthority(), to.getAuthority());
    return to.getRawPath() + "?" + to.getRawQuery();
  }
}
