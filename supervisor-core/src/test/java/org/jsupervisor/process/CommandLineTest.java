package org.jsupervisor.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values were produced by Python 3.11's {@code shlex.split}. */
class CommandLineTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "/bin/cat                 | /bin/cat",
    "`  a   b  `              | a,b",
    "`a\tb\nc`                | a,b,c",
    "a 'b c' d                | a,b c,d",
    "`a \"b\\\"c\" d`         | a,b\"c,d",
    "`a\"b c\"d`              | ab cd",
    "`x \"a\\nb\"`            | x,a\\nb",
    "`x\\ y`                  | x y",
    "`'it'\"'\"'s'`           | it's",
    "`\"\\\\\"`               | \\",
    "`a#b # c`                | a#b,#,c",
  })
  void splitsLikePythonShlex(String command, String expected) throws Exception {
    assertEquals(List.of(expected.split(",")), CommandLine.split(command));
  }

  @org.junit.jupiter.api.Test
  void emptyQuotesAreAnEmptyWord() throws Exception {
    assertEquals(List.of("a", "", "b"), CommandLine.split("a '' b"));
    assertEquals(List.of(), CommandLine.split("   "));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "`it's`      | No closing quotation",
    "`\"ab`      | No closing quotation",
    "`a\\`       | No escaped character",
    "`\"abc\\`   | No escaped character",
  })
  void reportsPythonsErrors(String command, String message) {
    var e = assertThrows(CommandLine.ParseException.class, () -> CommandLine.split(command));
    assertEquals(message, e.getMessage());
  }
}
