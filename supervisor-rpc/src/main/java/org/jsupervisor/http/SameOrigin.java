package org.jsupervisor.http;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a web interface action provably comes from a page of this server, so that another
 * site cannot make a logged-in browser stop programs (the actions are GET links, as in
 * supervisord, and the browser resends its cached credentials with any request).
 *
 * <p>The proof, first that applies: the browser's {@code Sec-Fetch-Site} is {@code same-origin}
 * or {@code none} (typed or bookmarked); else the {@code Origin}, failing that the
 * {@code Referer}, names the host this request was sent to ({@code Host}, or an
 * {@code X-Forwarded-Host} set by a reverse proxy that rewrites {@code Host}). A page of another
 * site can set none of these to our value, and with none of them there is no proof: a browser
 * told to send no referrer is refused, as are scripts that send neither header (they have
 * XML-RPC, or may send a {@code Referer} of the server).
 */
final class SameOrigin {
  private SameOrigin() {}

  static boolean proven(HttpRequest request) {
    Optional<String> site = request.header("sec-fetch-site");
    if (site.isPresent()) {
      String s = site.get().strip().toLowerCase(Locale.ROOT);
      return s.equals("same-origin") || s.equals("none");
    }
    // An Origin of "null" (a sandboxed or referrer-less sender) is no proof, whatever Referer says.
    Optional<String> claimed = request.header("origin").or(() -> request.header("referer"));
    return claimed.flatMap(SameOrigin::authority)
        .map(a -> hostsOf(request).contains(a)).orElse(false);
  }

  /** {@code host[:port]} of an absolute http(s) URL, lower case, without a default port. */
  static Optional<String> authority(String url) {
    String u = url.strip().toLowerCase(Locale.ROOT);
    String scheme;
    if (u.startsWith("http://")) {
      scheme = "http";
    } else if (u.startsWith("https://")) {
      scheme = "https";
    } else {
      return Optional.empty();
    }
    String rest = u.substring(scheme.length() + 3);
    int end = 0;
    while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
      end++;
    }
    String authority = rest.substring(0, end);
    if (authority.isEmpty() || authority.contains("@")) {
      return Optional.empty();
    }
    String defaultPort = scheme.equals("http") ? ":80" : ":443";
    if (authority.endsWith(defaultPort)) {
      authority = authority.substring(0, authority.length() - defaultPort.length());
    }
    return Optional.of(authority);
  }

  /** The names this request was addressed by, each as an Origin's authority would spell it. */
  private static Set<String> hostsOf(HttpRequest request) {
    var hosts = new TreeSet<String>();
    request.header("host").ifPresent(h -> add(hosts, h));
    request.header("x-forwarded-host").ifPresent(list -> {
      for (String h : list.split(",")) {
        add(hosts, h);
      }
    });
    hosts.remove("");
    return hosts;
  }

  private static void add(Set<String> hosts, String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    hosts.add(h);
    // Host may name the default port that the browser leaves out of Origin and Referer.
    for (String port : new String[] {":80", ":443"}) {
      if (h.endsWith(port)) {
        hosts.add(h.substring(0, h.length() - port.length()));
      }
    }
  }
}
