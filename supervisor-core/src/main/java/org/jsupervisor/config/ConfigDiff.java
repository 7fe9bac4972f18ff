package org.jsupervisor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The groups that a reload adds, changes and removes, computed as supervisord's
 * {@code reloadConfig} computes them: by group name, a group being changed when any of its
 * settings differ.
 */
public record ConfigDiff(List<String> added, List<String> changed, List<String> removed) {

  public static ConfigDiff between(List<GroupConfig> running, List<GroupConfig> next) {
    Map<String, GroupConfig> old = byName(running);
    Map<String, GroupConfig> now = byName(next);
    var added = new ArrayList<String>();
    var changed = new ArrayList<String>();
    var removed = new ArrayList<String>();
    for (GroupConfig g : next) {
      GroupConfig before = old.get(g.name());
      if (before == null) {
        added.add(g.name());
      } else if (!before.equals(g)) {
        changed.add(g.name());
      }
    }
    for (GroupConfig g : running) {
      if (!now.containsKey(g.name())) {
        removed.add(g.name());
      }
    }
    return new ConfigDiff(List.copyOf(added), List.copyOf(changed), List.copyOf(removed));
  }

  private static Map<String, GroupConfig> byName(List<GroupConfig> groups) {
    // First wins: supervisord activates only the first of duplicate group names.
    return groups.stream()
        .collect(Collectors.toMap(GroupConfig::name, Function.identity(), (a, b) -> a));
  }

  public boolean isEmpty() {
    return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
  }
}
