package org.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys no section reads are pointed out as warnings, never as errors. */
class UnknownOptionsTest {
  @TempDir Path dir;

  private static final String MAIN = "[supervisord]\nlogfile=/tmp/x.log\npidfile=/tmp/x.pid\nchildlogdir=/tmp\n";

  private List<String> warnings(Config config) {
    return config.messages().stream().filter(m -> m.level() == LogLevel.WARN).map(ConfigMessage::text).toList();
  }

  @Test
  void aTypoInAProgramIsAWarningWithFileLineAndTheNearestKey() throws Exception {
    var t = new TestConfigs(dir);
    Config c = t.load(MAIN + "[program:a]\ncommand=/bin/true\nautorestrat=true\n");
    assertEquals(List.of(dir.resolve("supervisord.conf") + ":7: [program:a] unknown option 'autorestrat'"
        + " (did you mean 'autorestart'?)"), warnings(c));
    assertEquals(AutoRestart.UNEXPECTED, c.group("a").orElseThrow().processes().get(0).autorestart(),
        "the typo changes nothing, as in supervisord");
  }

  @Test
  void aKeyFarFromEveryKnownOneGetsNoSuggestion() throws Exception {
    var t = new TestConfigs(dir);
    Config c = t.load(MAIN + "[program:a]\ncommand=/bin/true\nmy_tool_setting=1\nx=1\n");
    assertEquals(List.of(
        dir.resolve("supervisord.conf") + ":7: [program:a] unknown option 'my_tool_setting'",
        dir.resolve("supervisord.conf") + ":8: [program:a] unknown option 'x'"), warnings(c));
  }

  @Test
  void aKeyInAnIncludedFileIsBlamedOnThatFile() throws Exception {
    var t = new TestConfigs(dir);
    Path included = t.write("conf.d/a.conf", "[program:a]\ncommand=/bin/true\n\nstopwaitsec=5\n");
    Config c = t.load(MAIN + "[include]\nfiles=conf.d/*.conf\n");
    assertEquals(List.of(included + ":4: [program:a] unknown option 'stopwaitsec' (did you mean 'stopwaitsecs'?)"),
        warnings(c));
  }

  @Test
  void openSectionsAndDefaultsAreNotChecked() throws Exception {
    var t = new TestConfigs(dir);
    Config c = t.load("[DEFAULT]\nshared=1\n" + MAIN
        + "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory=supervisor.rpcinterface:make_main_rpcinterface\n"
        + "retries=3\n[ctlplugin:x]\nanything=1\n[some_other_tool]\nkey=1\n[program:a]\ncommand=/bin/true\n");
    assertEquals(List.of(), warnings(c));
  }

  @Test
  void aRefusedConfigStillCarriesItsWarnings() throws Exception {
    var t = new TestConfigs(dir);
    var e = assertThrows(ConfigException.class,
        () -> t.load(MAIN + "[program:a]\ncommand=/bin/true\nstartsecs=ten\nstartsec=1\n"));
    assertEquals(1, e.problems().size());
    assertEquals(List.of(new ConfigMessage(LogLevel.WARN, dir.resolve("supervisord.conf")
        + ":8: [program:a] unknown option 'startsec' (did you mean 'startsecs'?)")), e.messages());
  }

  @Test
  void suggestionsAllowTwoEditsWithASwapCountingAsOne() {
    List<String> known = List.of("autostart", "autorestart", "user", "umask");
    assertEquals(1, KnownOptions.distance("autorestrat", "autorestart"));
    assertEquals(Optional.of("autorestart"), KnownOptions.closest("autorestrat", known));
    assertEquals(Optional.of("autostart"), KnownOptions.closest("autosrtat", known));
    assertEquals(Optional.of("umask"), KnownOptions.closest("umsak", known));
    assertEquals(Optional.empty(), KnownOptions.closest("autoreload", known));
    assertEquals(Optional.empty(), KnownOptions.closest("us", known), "two edits on a two-letter key is a guess");
  }

  @Test
  void readingAKeyMissingFromTheTableFailsInTests() {
    var section = new IniSection("program:a", "x.conf", 1, Map.of(), Map.of());
    var reader = new OptionReader(section, Map.of(), false, new ArrayList<>());
    var e = assertThrows(AssertionError.class, () -> reader.string("not_in_the_table"));
    assertTrue(e.getMessage().contains("KnownOptions"), e.getMessage());
  }
}
