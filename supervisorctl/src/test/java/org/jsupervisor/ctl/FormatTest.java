package org.jsupervisor.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class FormatTest {
  @Test
  void statusColumnsWidenForLongNames() {
    var lines = StatusFormatter.statusLines(List.of(
        Map.of("group", "g", "name", "g", "statename", "RUNNING", "description", "pid 1, uptime 0:00:01"),
        Map.of("group", "a-very-long-group-name", "name", "a-very-long-process", "statename", "STARTING", "description", "")));
    assertEquals("g" + " ".repeat(44) + "RUNNING   pid 1, uptime 0:00:01", lines.get(0));
    assertEquals("a-very-long-group-name:a-very-long-process   STARTING  ", lines.get(1));
  }

  @Test
  void namespecs() {
    assertEquals(new Namespec("g", null), Namespec.parse("g:*"));
    assertEquals(new Namespec("g", null), Namespec.parse("g:"));
    assertEquals(new Namespec("web", "web"), Namespec.parse("web"));
    assertEquals("g:None", Namespec.make("g", null));
    assertEquals("web", Namespec.make("web", "web"));
  }
}
