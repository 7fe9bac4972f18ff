package org.jsupervisor.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sections read from one or more INI files, merged as configparser merges them: a section
 * seen again (in the same file or a later one) gets its keys added to, a key seen again is
 * replaced. Mutable only while {@link IniReader} fills it.
 */
public final class IniDocument {
  static final String DEFAULT_SECTION = "DEFAULT";

  private final Map<String, SectionBuilder> sections = new LinkedHashMap<>();
  private final Map<String, IniValue> defaults = new LinkedHashMap<>();

  /** Section names in first-seen order, without {@code DEFAULT}. */
  public List<String> sectionNames() {
    return List.copyOf(sections.keySet());
  }

  public boolean has(String section) {
    return sections.containsKey(section);
  }

  public Optional<IniSection> section(String name) {
    SectionBuilder b = sections.get(name);
    if (b == null) {
      return Optional.empty();
    }
    return Optional.of(
        new IniSection(
            name,
            b.file,
            b.line,
            Collections.unmodifiableMap(b.values),
            Collections.unmodifiableMap(defaults)));
  }

  public List<IniSection> sections() {
    return sections.keySet().stream().map(n -> section(n).orElseThrow()).toList();
  }

  /** Opens a section for writing; {@code DEFAULT} writes the shared defaults. */
  Map<String, IniValue> open(String name, String file, int line) {
    if (name.equals(DEFAULT_SECTION)) {
      return defaults;
    }
    return sections.computeIfAbsent(name, n -> new SectionBuilder(file, line)).values;
  }

  /** Replaces {@code value} of {@code key} in section {@code name} (which must exist). */
  void replace(String name, String key, IniValue value) {
    Map<String, IniValue> target = name.equals(DEFAULT_SECTION) ? defaults : sections.get(name).values;
    target.put(key, value);
  }

  Map<String, IniValue> defaults() {
    return defaults;
  }

  private static final class SectionBuilder {
    final String file;
    final int line;
    final Map<String, IniValue> values = new LinkedHashMap<>();

    SectionBuilder(String file, int line) {
      this.file = file;
      this.line = line;
    }
  }
}
