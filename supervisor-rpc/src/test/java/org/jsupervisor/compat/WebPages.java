package org.jsupervisor.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the web page of either daemon as data: its rows (state and the links each offers) and
 * the links above the table, so that ours and supervisord's can be compared although the markup
 * differs.
 */
final class WebPages {
  /** A link as a browser follows it: where to, its text, and whether it opens a new window. */
  record Link(String href, String label, boolean newWindow) {}

  /** One program's row: its state (upper case) and its links, the name's first. */
  record Row(String state, List<Link> links) {}

  private static final Pattern ANCHOR =
      Pattern.compile("(?s)<a\\s([^>]*)>(.*?)</a>");
  private static final Pattern ATTRIBUTE = Pattern.compile("([\\w:-]+)=\"([^\"]*)\"");
  private static final Pattern ROW = Pattern.compile("(?s)<tr[ >].*?</tr>");
  private static final Pattern CELL = Pattern.compile("(?s)<td(?:\\s[^>]*)?>(.*?)</td>");

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private WebPages() {}

  static WebPages client() {
    return new WebPages();
  }

  HttpResponse<String> get(String url, String... headers) throws IOException,
      InterruptedException {
    var b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The rows of a status page by namespec, in page order. */
  static Map<String, Row> rows(String page) {
    var rows = new LinkedHashMap<String, Row>();
    Matcher tr = ROW.matcher(page);
    while (tr.find()) {
      List<String> cells = new ArrayList<>();
      Matcher td = CELL.matcher(tr.group());
      while (td.find()) {
        cells.add(td.group(1));
      }
      if (cells.size() < 4) {
        continue; // the heading
      }
      List<Link> links = links(cells.get(2) + cells.get(3));
      rows.put(links.get(0).label(),
          new Row(text(cells.get(0)).toUpperCase(Locale.ROOT), links));
    }
    return rows;
  }

  /** The links to the daemon's own pages outside the table (the page-wide actions). */
  static List<Link> pageLinks(String page) {
    String outside = ROW.matcher(page).replaceAll("");
    return links(outside).stream().filter(l -> l.href().startsWith("index.html")
        || l.href().startsWith("tail.html") || l.href().startsWith("logtail")).toList();
  }

  /** Visible links: supervisord leaves hidden placeholders where a state offers no action. */
  static List<Link> links(String html) {
    var links = new ArrayList<Link>();
    Matcher a = ANCHOR.matcher(html);
    while (a.find()) {
      var attributes = new LinkedHashMap<String, String>();
      Matcher m = ATTRIBUTE.matcher(a.group(1));
      while (m.find()) {
        attributes.put(m.group(1), unescape(m.group(2)));
      }
      if ("hidden".equals(attributes.get("class"))) {
        continue;
      }
      links.add(new Link(attributes.getOrDefault("href", ""), text(a.group(2)),
          "_blank".equals(attributes.get("target"))));
    }
    return links;
  }

  /** The text of {@code <pre>} on a tail page. */
  static String pre(String page) {
    Matcher m = Pattern.compile("(?s)<pre[^>]*>(.*?)</pre>").matcher(page);
    assertTrue(m.find(), page);
    return unescape(m.group(1));
  }

  static String text(String html) {
    return unescape(html.replaceAll("<[^>]*>", "")).strip();
  }

  static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&#39;", "'").replace("&amp;", "&");
  }

  static int freePort() throws IOException {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  static void await(String what, Condition c) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!c.holds()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(100);
    }
  }
}
