package org.jsupervisor.ctl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * What Tab offers in the shell, computed as Python's {@code Controller.complete} does: action names
 * for the first word and after {@code help}, group names after {@code add}, {@code remove} and
 * {@code update}, process names after the actions that take them. Process names are
 * {@code group:name} (plus {@code group:*}) unless a process is alone in a group of its name and the
 * word typed so far has no colon.
 */
public final class Completion {
  private static final Set<String> GROUP_ACTIONS = Set.of("add", "remove", "update");
  private static final Set<String> PROCESS_ACTIONS =
      Set.of("clear", "fg", "pid", "restart", "signal", "start", "status", "stop", "tail");

  private final List<String> actions;
  private final Callable<List<Map<String, Object>>> processInfo;
  private List<Map<String, Object>> processes;

  /**
   * @param actions the action names, in the order to offer them
   * @param processInfo {@code getAllProcessInfo} on the server
   */
  public Completion(List<String> actions, Callable<List<Map<String, Object>>> processInfo) {
    this.actions = List.copyOf(actions);
    this.processInfo = processInfo;
  }

  /** Completion for {@code ctl}'s actions (all but {@code EOF}, which Python does not offer) and server. */
  public static Completion of(Controller ctl) {
    return new Completion(ctl.commands().keySet().stream().filter(name -> !name.equals("EOF")).toList(),
        ctl::allProcessInfo);
  }

  /**
   * The words that can replace {@code word}, the one being typed at the end of {@code line} (which
   * runs up to the cursor), each to be followed by a space.
   */
  public List<String> candidates(String line, String word) {
    List<String> words = List.of(line.strip().split("\\s+"));
    if (line.isBlank() || (words.size() == 1 && !line.endsWith(" "))) {
      return matching(actions, word);
    }
    String action = words.get(0);
    if (action.equals("help")) {
      return matching(actions, word);
    }
    if (GROUP_ACTIONS.contains(action)) {
      return matching(groups(), word);
    }
    if (PROCESS_ACTIONS.contains(action)) {
      return matching(processNames(word), word);
    }
    return List.of();
  }

  /**
   * Drops the process list fetched for completion. Called once per line read: Tab may be pressed
   * many times while one line is typed, and one {@code getAllProcessInfo} serves them all.
   */
  public void forget() {
    processes = null;
  }

  private List<String> groups() {
    Set<String> groups = new LinkedHashSet<>();
    processes().forEach(info -> groups.add(String.valueOf(info.get("group"))));
    return List.copyOf(groups);
  }

  private List<String> processNames(String word) {
    Set<String> names = new LinkedHashSet<>();
    for (Map<String, Object> info : processes()) {
      String group = String.valueOf(info.get("group"));
      String name = String.valueOf(info.get("name"));
      if (word.contains(":") || !name.equals(group)) {
        names.add(group + ":" + name);
        names.add(group + ":*");
      } else {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  private List<Map<String, Object>> processes() {
    if (processes == null) {
      try {
        processes = processInfo.call();
      } catch (Exception e) {
        // Like readline, which swallows a completer's exception: no server, nothing to offer.
        processes = List.of();
      }
    }
    return processes;
  }

  private static List<String> matching(List<String> candidates, String word) {
    List<String> matches = new ArrayList<>();
    for (String candidate : candidates) {
      if (candidate.startsWith(word)) {
        matches.add(candidate);
      }
    }
    return matches;
  }
}
