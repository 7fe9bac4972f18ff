package org.jsupervisor.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One section of an {@link IniDocument}: its own keys (lower-cased, in first-seen order, last
 * value wins) backed by the document's {@code [DEFAULT]} keys, as Python's configparser does.
 *
 * @param name the section name, case-sensitive, without brackets
 * @param file the file of its first header
 * @param line the line of its first header
 */
public record IniSection(
    String name, String file, int line, Map<String, IniValue> own, Map<String, IniValue> defaults) {

  /** The value of {@code key} (lower-case), falling back to {@code [DEFAULT]}. */
  public Optional<IniValue> get(String key) {
    IniValue v = own.get(key);
    return Optional.ofNullable(v != null ? v : defaults.get(key));
  }

  public boolean has(String key) {
    return own.containsKey(key) || defaults.containsKey(key);
  }

  /** Every key with its value, defaults first then own keys, as configparser's items(). */
  public Map<String, IniValue> items() {
    var all = new LinkedHashMap<String, IniValue>(defaults);
    all.putAll(own);
    return Collections.unmodifiableMap(all);
  }

  /** A problem blamed on the section's first header line (for missing options). */
  public ConfigProblem problem(String option, String message) {
    return new ConfigProblem(file, line, name, option, message);
  }
}
