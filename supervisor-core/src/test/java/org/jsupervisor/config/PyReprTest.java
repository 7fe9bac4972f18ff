package org.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values are what Python 3's repr() prints for the same strings. */
class PyReprTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "web|'web'",
      "it's|\"it's\"",
      "`it's \"x\"`|`'it\\'s \"x\"'`",
      "back\\slash|'back\\\\slash'",
      "caf\u00e9|'caf\u00e9'",
  })
  void quotesLikePython(String input, String expected) {
    assertEquals(expected, PyRepr.of(input));
  }

  @org.junit.jupiter.api.Test
  void escapesControlCharacters() {
    assertEquals("'a\\tb\\nc\\r\\x00\\x7f'", PyRepr.of("a\tb\nc\r\u0000\u007f"));
    assertEquals("'\\x85'", PyRepr.of("\u0085"));
  }

  @org.junit.jupiter.api.Test
  void bytesLikePython() {
    byte[] mixed = {'o', 'k', ' ', (byte) 0xc3, (byte) 0xa9, ' ', (byte) 0x88, '\'', '\n'};
    assertEquals("b\"ok \\xc3\\xa9 \\x88'\\n\"", PyRepr.ofBytes(mixed, 0, mixed.length));
    byte[] both = {'a', '\'', '"', '\\', '\t', 0x7f, 0x00};
    assertEquals("b'a\\'\"\\\\\\t\\x7f\\x00'", PyRepr.ofBytes(both, 0, both.length));
    assertEquals("b'k'", PyRepr.ofBytes(mixed, 1, 1));
  }
}
