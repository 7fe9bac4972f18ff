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

  /**
   * What Python 3.11 prints for the characters a client could use to break a log line or hide
   * text: C0 and C1 controls, line and paragraph separators, format and private-use characters.
   */
  @org.junit.jupiter.api.Test
  void escapesWhatPythonDoesNotPrint() {
    assertEquals("'\\x00\\x1f\\x7f\\x80\\x9f\\xa0\\xad'",
        PyRepr.of("\u0000\u001f\u007f\u0080\u009f\u00a0\u00ad"));
    assertEquals("'\\u2028\\u200b\\ufeff\\ue000'", PyRepr.of("\u2028\u200b\ufeff\ue000"));
    assertEquals("'\ud83d\ude00\\U000e0001'", PyRepr.of("\ud83d\ude00\udb40\udc01"));
    assertEquals("'\\udc80'", PyRepr.of("\udc80"));
  }
}
