package org.jsupervisor.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the options of one section: looks the key up (falling back to {@code [DEFAULT]}),
 * %-expands it against this reader's names plus {@code here} (the directory of the file the
 * value came from), converts it, and on any failure records a {@link ConfigProblem} at the
 * value's {@code file:line} and returns the default so that reading goes on and every problem
 * of the config is found in one pass.
 */
final class OptionReader {
  /** A conversion from expanded text to an option's type. */
  @FunctionalInterface
  interface Conversion<T> {
    T convert(String text) throws InvalidValueException;
  }

  private final IniSection section;
  private final Map<String, Object> names;
  private final boolean withHere;
  private final List<ConfigProblem> problems;

  OptionReader(IniSection section, Map<String, ?> names, boolean withHere, List<ConfigProblem> problems) {
    this.section = section;
    this.names = new TreeMap<>(names);
    this.withHere = withHere;
    this.problems = problems;
  }

  IniSection section() {
    return section;
  }

  /** The same section read with other names. */
  OptionReader withNames(Map<String, ?> other, boolean here) {
    return new OptionReader(section, other, here, problems);
  }

  boolean has(String key) {
    return section.has(checked(key));
  }

  Optional<IniValue> raw(String key) {
    return section.get(checked(key));
  }

  /** The expanded value, or empty when absent or when expansion failed (problem recorded). */
  Optional<String> string(String key) {
    Optional<IniValue> value = section.get(checked(key));
    if (value.isEmpty()) {
      return Optional.empty();
    }
    return expand(key, value.get(), value.get().text());
  }

  String string(String key, String dflt) {
    return string(key).orElse(dflt);
  }

  /** Expands {@code text} (which came from {@code origin}) as the value of {@code key}. */
  Optional<String> expand(String key, IniValue origin, String text) {
    Map<String, Object> all = names;
    if (withHere) {
      all = new TreeMap<>(names);
      all.put("here", hereOf(origin.file()));
    }
    try {
      return Optional.of(PercentFormat.format(text, all));
    } catch (PercentFormat.FormatError e) {
      String what = "Format string " + PyRepr.of(text) + " for " + PyRepr.of(section.name() + "." + key);
      String message = e.missingName() != null
          ? what + " contains names (" + e.getMessage() + ") which cannot be expanded. Available names: "
              + String.join(", ", all.keySet())
          : what + " is badly formatted: " + e.getMessage();
      problems.add(problemAt(key, origin, message));
      return Optional.empty();
    }
  }

  /** Reads, expands and converts {@code key}; the default when absent or invalid. */
  <T> T get(String key, T dflt, Conversion<T> conversion) {
    return optional(key, conversion).orElse(dflt);
  }

  <T> Optional<T> optional(String key, Conversion<T> conversion) {
    Optional<String> text = string(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(conversion.convert(text.get()));
    } catch (InvalidValueException e) {
      problems.add(problemAt(key, section.get(key).orElseThrow(), e.getMessage()));
      return Optional.empty();
    }
  }

  int integer(String key, int dflt) {
    return get(key, dflt, Values::integer);
  }

  boolean bool(String key, boolean dflt) {
    return get(key, dflt, Values::bool);
  }

  long byteSize(String key, long dflt) {
    return get(key, dflt, Values::byteSize);
  }

  /** Records a problem blamed on {@code key}'s line, or the section header when it is absent. */
  void problem(String key, String message) {
    Optional<IniValue> value = section.get(key);
    problems.add(value.isPresent() ? problemAt(key, value.get(), message) : section.problem(key, message));
  }

  ConfigProblem problemAt(String key, IniValue value, String message) {
    return new ConfigProblem(value.file(), value.line(), section.name(), key, message);
  }

  /**
   * A key the loader reads must be in {@link KnownOptions}, or users would be told it is unknown;
   * tests run with assertions on, so a key added here alone fails them.
   */
  private String checked(String key) {
    assert KnownOptions.allows(section.name(), key)
        : "[" + section.name() + "] " + key + " is read but missing from KnownOptions";
    return key;
  }

  static String hereOf(String file) {
    Path parent = Path.of(file).toAbsolutePath().normalize().getParent();
    return parent == null ? "/" : parent.toString();
  }
}
