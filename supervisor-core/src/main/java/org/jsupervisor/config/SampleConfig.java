package org.jsupervisor.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The sample configuration printed by {@code echo_supervisord_conf}: every section and option
 * with its default, commented out where supervisord's sample comments it out. Kept as the
 * resource {@code sample.conf} next to this class; it loads without error.
 */
public final class SampleConfig {
  private SampleConfig() {}

  public static String text() {
    try (InputStream in = SampleConfig.class.getResourceAsStream("sample.conf")) {
      if (in == null) {
        throw new IllegalStateException("sample.conf missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) {
    System.out.print(text());
    System.out.flush();
  }
}
