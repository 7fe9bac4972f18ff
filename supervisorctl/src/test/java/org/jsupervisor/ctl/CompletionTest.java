package org.jsupervisor.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class CompletionTest {
  private static final List<String> ACTIONS = List.of("add", "avail", "help", "start", "status", "stop", "version");
  private static final List<Map<String, Object>> PROCESSES = List.of(
      process("grp", "grp_0"), process("grp", "grp_1"), process("sleeper", "sleeper"), process("web", "app"));

  private final AtomicInteger calls = new AtomicInteger();
  private final Completion completion = new Completion(ACTIONS, () -> {
    calls.incrementAndGet();
    return PROCESSES;
  });

  private static Map<String, Object> process(String group, String name) {
    return Map.of("group", group, "name", name);
  }

  @Test
  void theFirstWordCompletesToActions() {
    assertEquals(ACTIONS, completion.candidates("", ""));
    assertEquals(List.of("start", "status", "stop"), completion.candidates("st", "st"));
    assertEquals(List.of("status"), completion.candidates("  stat", "stat"));
    assertEquals(0, calls.get(), "no server call for action names");
  }

  @Test
  void helpCompletesToActions() {
    assertEquals(List.of("add", "avail"), completion.candidates("help a", "a"));
    assertEquals(ACTIONS, completion.candidates("help ", ""));
  }

  @Test
  void processActionsCompleteToNamespecsAndGroupWildcards() {
    assertEquals(List.of("grp:grp_0", "grp:*", "grp:grp_1", "sleeper", "web:app", "web:*"),
        completion.candidates("status ", ""));
    assertEquals(List.of("grp:grp_0", "grp:*", "grp:grp_1"), completion.candidates("stop sleeper gr", "gr"));
    // A colon typed asks for the group:name form, also for a process alone in its group.
    assertEquals(List.of("sleeper:sleeper", "sleeper:*"), completion.candidates("start sleeper:", "sleeper:"));
  }

  @Test
  void groupActionsCompleteToGroupNames() {
    assertEquals(List.of("grp", "sleeper", "web"), completion.candidates("add ", ""));
    assertEquals(List.of("web"), completion.candidates("add w", "w"));
  }

  @Test
  void otherActionsCompleteToNothing() {
    assertEquals(List.of(), completion.candidates("version ", ""));
    assertEquals(List.of(), completion.candidates("nosuch x", "x"));
  }

  @Test
  void oneServerCallServesALineUntilForgotten() {
    completion.candidates("status ", "");
    completion.candidates("status s", "s");
    assertEquals(1, calls.get());
    completion.forget();
    completion.candidates("status s", "s");
    assertEquals(2, calls.get());
  }

  @Test
  void noServerMeansNothingToOffer() {
    var offline = new Completion(ACTIONS, () -> {
      throw new IOException("refused");
    });
    assertEquals(List.of(), offline.candidates("status ", ""));
    assertEquals(List.of("version"), offline.candidates("v", "v"));
  }
}
