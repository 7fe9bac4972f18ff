package org.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PercentFormatTest {
  private static final Map<String, Object> NAMES = Map.of("program_name", "web", "process_num", 7, "neg", -3);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "plain                   | plain",
      "%(program_name)s        | web",
      "%(process_num)s         | 7",
      "%(process_num)d         | 7",
      "%(process_num)i         | 7",
      "%(process_num)02d       | 07",
      "%(process_num)03d       | 007",
      "%(neg)03d               | -03",
      "%(process_num)+d        | +7",
      "[%(process_num)-3d]     | '[7  ]'",
      "%(process_num)3d        | '  7'",
      "%(process_num)x         | 7",
      "%(process_num)#o        | 0o7",
      "%(program_name)5s       | '  web'",
      "%(program_name).2s      | we",
      "%(program_name)r        | '''web'''",
      "100%%                   | 100%",
      "%%h %%p %%P             | %h %p %P",
      "%(program_name)s_%(process_num)02d | web_07",
  })
  void expands(String format, String expected) throws Exception {
    assertEquals(expected, PercentFormat.format(format, NAMES));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "100%                | incomplete format",
      "%(program_name      | incomplete format key",
      "%(program_name)     | incomplete format",
      "%(program_name)z    | unsupported format character 'z' (0x7a) at index 15",
      "%(program_name)d    | %d format: a real number is required, not str",
      "%(program_name)x    | %x format: an integer is required, not str",
      "%s                  | format requires a mapping",
      "%(process_num)*d    | * wants int",
  })
  void rejectsBadFormats(String format, String message) {
    var e = assertThrows(PercentFormat.FormatError.class, () -> PercentFormat.format(format, NAMES));
    assertEquals(message, e.getMessage());
    assertEquals(null, e.missingName());
  }

  @org.junit.jupiter.api.Test void reportsTheUnknownName() {
    var e = assertThrows(PercentFormat.FormatError.class, () -> PercentFormat.format("%(nope)s", NAMES));
    assertEquals("nope", e.missingName());
    assertEquals("'nope'", e.getMessage());
  }
}
