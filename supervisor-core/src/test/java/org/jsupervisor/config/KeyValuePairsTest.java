package org.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyValuePairsTest {
  @Test void quotedAndBareValues() throws Exception {
    assertEquals(Map.of("A", "1", "B", "two words", "C", "/usr/bin:/bin", "D", "x,y"),
        KeyValuePairs.parse("A=1,B=\"two words\",C=/usr/bin:/bin,D='x,y'"));
  }

  @Test void orderIsKeptAndLastKeyWins() throws Exception {
    assertEquals(List.of("B", "A"), List.copyOf(KeyValuePairs.parse("B=1,A=2,B=3").keySet()));
    assertEquals("3", KeyValuePairs.parse("B=1,A=2,B=3").get("B"));
  }

  @Test void separatorIsNotCheckedToBeAComma() throws Exception {
    assertEquals(Map.of("A", "1", "B", "2"), KeyValuePairs.parse("A=1;B=2"));
  }

  @Test void unquotedValueWithWordCharsOnly() throws Exception {
    assertEquals(Map.of("THIS_SHOULD", "BE_IN_CHILD_ENV"), KeyValuePairs.parse("THIS_SHOULD=BE_IN_CHILD_ENV"));
  }

  @Test void emptyIsEmpty() throws Exception {
    assertEquals(Map.of(), KeyValuePairs.parse(""));
  }

  @Test void malformed() {
    assertEquals("Unexpected end of key/value pairs in value 'A=1 B=2'",
        assertThrows(InvalidValueException.class, () -> KeyValuePairs.parse("A=1 B=2")).getMessage());
    assertEquals("Unexpected end of key/value pairs in value 'A=a@b'",
        assertThrows(InvalidValueException.class, () -> KeyValuePairs.parse("A=a@b")).getMessage());
    assertEquals("No closing quotation in value 'A=\"x'",
        assertThrows(InvalidValueException.class, () -> KeyValuePairs.parse("A=\"x")).getMessage());
  }

  @Test void tokensMatchPythonShlex() throws Exception {
    assertEquals(List.of("A", "=", "foo\"bar", "baz\""), KeyValuePairs.tokenize("A=foo\"bar baz\""));
  }
}
