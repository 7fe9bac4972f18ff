package org.jsupervisor.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web interface's own stylesheet and icon (ours, not supervisord's), read once from the
 * class path and served at fixed paths.
 *
 * <p>Caching: each file has an ETag, a hash of its bytes. The pages link it as
 * {@code <path>?v=<hash>}; what such a URL names never changes, so browsers may keep it for a
 * year without asking, and a new release links a new URL. The bare path (or any other
 * {@code v}) must be revalidated on every use: 304 when the ETag still matches.
 */
final class StaticFiles {
  /** One file: {@code etag} is the quoted strong validator, {@code version} the bare hash. */
  record File(String path, String contentType, byte[] body, String version) {
    String etag() {
      return '"' + version + '"';
    }

    /**
     * The URL the pages link: immutable content. Relative (the pages are at the top level), so
     * it resolves under the path a reverse proxy serves us at.
     */
    String link() {
      return path.substring(1) + "?v=" + version;
    }
  }

  static final File STYLESHEET =
      load("/stylesheets/supervisor.css", "supervisor.css", "text/css;charset=utf-8");
  static final File ICON = load("/images/icon.svg", "icon.svg", "image/svg+xml");

  private static final Map<String, File> BY_PATH =
      Map.of(STYLESHEET.path(), STYLESHEET, ICON.path(), ICON);

  private StaticFiles() {}

  static Optional<File> find(String path) {
    return Optional.ofNullable(BY_PATH.get(path));
  }

  /**
   * GET or HEAD (the server leaves out the body of a HEAD answer); any other method is 400, as
   * supervisord's static file handler answers.
   */
  static HttpResponse serve(HttpRequest request, File file) {
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      return HttpResponse.error(400);
    }
    boolean versioned = WebUi.form(request).getOrDefault("v", "").equals(file.version());
    String cacheControl = versioned ? "public, max-age=31536000, immutable" : "no-cache";
    if (matches(request.header("if-none-match"), file.etag())) {
      return new HttpResponse(304, List.of(Map.entry("ETag", file.etag()),
          Map.entry("Cache-Control", cacheControl)), List.of(), null, false, null);
    }
    return HttpResponse.of(200, file.contentType(), file.body())
        .withHeader("ETag", file.etag()).withHeader("Cache-Control", cacheControl);
  }

  /** {@code If-None-Match}: {@code *} or a list of tags, weak ones compared weakly. */
  private static boolean matches(Optional<String> ifNoneMatch, String etag) {
    if (ifNoneMatch.isEmpty()) {
      return false;
    }
    for (String tag : ifNoneMatch.get().split(",")) {
      String t = tag.strip();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("*") || t.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static File load(String path, String resource, String contentType) {
    try (InputStream in = StaticFiles.class.getResourceAsStream("ui/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource ui/" + resource);
      }
      byte[] body = in.readAllBytes();
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
      return new File(path, contentType, body, HexFormat.of().formatHex(hash, 0, 8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
