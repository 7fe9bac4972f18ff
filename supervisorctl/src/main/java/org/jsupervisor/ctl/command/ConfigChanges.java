package org.jsupervisor.ctl.command;

import java.util.List;

/** {@code reloadConfig}'s answer {@code [[added, changed, removed]]}: group names. */
record ConfigChanges(List<String> added, List<String> changed, List<String> removed) {

  @SuppressWarnings("unchecked")
  static ConfigChanges of(List<Object> result) {
    List<Object> triple = (List<Object>) result.get(0);
    return new ConfigChanges(names(triple.get(0)), names(triple.get(1)), names(triple.get(2)));
  }

  private static List<String> names(Object list) {
    return ((List<?>) list).stream().map(String::valueOf).toList();
  }
}
