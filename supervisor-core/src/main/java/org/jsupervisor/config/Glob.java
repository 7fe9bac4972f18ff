package org.jsupervisor.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Python's {@code glob.glob} for {@code [include] files}: {@code *}, {@code ?} and
 * {@code [...]} (with {@code !} for negation) per path component, no {@code **}, no {@code ~},
 * and names starting with a dot matched only by a pattern component that starts with a dot.
 */
final class Glob {
  private Glob() {}

  /** The matching paths, sorted as strings, as supervisord reads them. */
  static List<String> matches(String pattern) {
    var results = new ArrayList<String>();
    boolean absolute = pattern.startsWith("/");
    String[] parts = pattern.split("/+");
    var start = new ArrayList<String>();
    start.add(absolute ? "/" : "");
    List<String> current = start;
    for (String part : parts) {
      if (part.isEmpty()) {
        continue;
      }
      var next = new ArrayList<String>();
      for (String base : current) {
        if (!hasMagic(part)) {
          next.add(join(base, part));
          continue;
        }
        Pattern regex = translate(part);
        Path dir = Path.of(base.isEmpty() ? "." : base);
        try (Stream<Path> entries = Files.list(dir)) {
          entries.map(p -> p.getFileName().toString())
              .filter(name -> part.startsWith(".") || !name.startsWith("."))
              .filter(name -> regex.matcher(name).matches())
              .forEach(name -> next.add(join(base, name)));
        } catch (IOException | RuntimeException e) {
          // not a directory or unreadable: no matches below it, as glob.glob
        }
      }
      current = next;
    }
    for (String p : current) {
      if (Files.exists(Path.of(p.isEmpty() ? "." : p))) {
        results.add(p);
      }
    }
    results.sort(null);
    return results;
  }

  private static String join(String base, String name) {
    return base.isEmpty() ? name : base.endsWith("/") ? base + name : base + "/" + name;
  }

  static boolean hasMagic(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }

  /** {@code fnmatch.translate}: an unclosed {@code [} is a literal bracket. */
  static Pattern translate(String pat) {
    var re = new StringBuilder();
    int i = 0;
    int n = pat.length();
    while (i < n) {
      char c = pat.charAt(i++);
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else if (c == '[') {
        int j = i;
        if (j < n && pat.charAt(j) == '!') {
          j++;
        }
        if (j < n && pat.charAt(j) == ']') {
          j++;
        }
        while (j < n && pat.charAt(j) != ']') {
          j++;
        }
        if (j >= n) {
          re.append("\\[");
        } else {
          String stuff = pat.substring(i, j).replace("\\", "\\\\");
          i = j + 1;
          if (stuff.startsWith("!")) {
            stuff = "^" + stuff.substring(1);
          } else if (stuff.startsWith("^")) {
            stuff = "\\" + stuff;
          }
          re.append('[').append(stuff.replace("[", "\\[").replace("&&", "&\\&")).append(']');
        }
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
