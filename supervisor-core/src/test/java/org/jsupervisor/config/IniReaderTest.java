package org.jsupervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IniReaderTest {
  private final List<ConfigProblem> problems = new ArrayList<>();

  private String value(String text, String section, String key) {
    IniDocument doc = IniReader.parse("f.conf", text, problems);
    assertEquals(List.of(), problems);
    return doc.section(section).orElseThrow().get(key).orElseThrow().text();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "a=b;c          | b;c",
      "a=b ;c         | b",
      "a=b\t;c        | b",
      "a=b #c         | b",
      "a=b#c          | b#c",
      "a = b          | b",
      "a: b           | b",
      "a=b=c          | b=c",
      "a:b=c          | b=c",
      "a=x:y          | x:y",
      "a=             | ''",
      "'a=bash -c ''x ; y''' | bash -c 'x",
      "A=upper        | upper",
  })
  void valueSyntax(String line, String expected) {
    assertEquals(expected, value("[s]\n" + line + "\n", "s", "a"));
  }

  @Test void continuationLinesJoinWithNewlines() {
    assertEquals("a.conf\nb.conf", value("[include]\nfiles = a.conf\n  b.conf\n", "include", "files"));
  }

  @Test void blankLinesInsideAValueAreKeptTrailingOnesDropped() {
    assertEquals("one\n\ntwo", value("[s]\nk=one\n\n  two\n\n\n[t]\n", "s", "k"));
  }

  @Test void commentLineInsideAValueIsSkipped() {
    assertEquals("one\ntwo", value("[s]\nk=one\n  ; note\n  two\n", "s", "k"));
  }

  @Test void lastDuplicateKeyWinsAcrossCase() {
    assertEquals("2", value("[s]\ncommand=1\nCOMMAND=2\n", "s", "command"));
  }

  @Test void duplicateSectionsMerge() {
    IniDocument doc = IniReader.parse("f", "[s]\na=1\n[t]\n[s]\nb=2\n", problems);
    IniSection s = doc.section("s").orElseThrow();
    assertEquals("1", s.get("a").orElseThrow().text());
    assertEquals("2", s.get("b").orElseThrow().text());
    assertEquals(List.of("s", "t"), doc.sectionNames());
  }

  @Test void defaultSectionIsInheritedButNotListed() {
    IniDocument doc = IniReader.parse("f", "[DEFAULT]\nstartsecs=7\n[program:x]\n[program:y]\nstartsecs=2\n", problems);
    assertEquals(List.of("program:x", "program:y"), doc.sectionNames());
    assertEquals("7", doc.section("program:x").orElseThrow().get("startsecs").orElseThrow().text());
    assertEquals("2", doc.section("program:y").orElseThrow().get("startsecs").orElseThrow().text());
  }

  @Test void sectionNamesAreCaseSensitive() {
    IniDocument doc = IniReader.parse("f", "[Program:x]\n", problems);
    assertTrue(doc.has("Program:x"));
    assertFalse(doc.has("program:x"));
  }

  @Test void valuesRememberFileAndLine() {
    IniDocument doc = IniReader.parse("dir/f.conf", "; c\n[s]\n\nk=v\n", problems);
    assertEquals(new IniValue("v", "dir/f.conf", 4), doc.section("s").orElseThrow().get("k").orElseThrow());
  }

  @Test void everyMalformedLineIsReported() {
    IniReader.parse("f.conf", "[s]\njunk\na=1\nmore junk\n=x\n", problems);
    assertEquals(List.of(
        "f.conf:2: [s] Source contains parsing errors: no '=' or ':' in 'junk'",
        "f.conf:4: [s] Source contains parsing errors: no '=' or ':' in 'more junk'",
        "f.conf:5: [s] Source contains parsing errors: no option name before '=' in '=x'"),
        problems.stream().map(ConfigProblem::toString).toList());
  }

  @Test void keyBeforeAnySectionIsReported() {
    IniReader.parse("f.conf", "a=1\n", problems);
    assertEquals("f.conf:1: File contains no section headers: 'a=1'", problems.get(0).toString());
  }

  @Test void crlfLineEndingsAreAccepted() {
    assertEquals("b", value("[s]\r\na=b\r\n", "s", "a"));
  }

  @Test void textAfterASectionHeaderIsIgnored() {
    assertEquals(List.of("s"), IniReader.parse("f", "[s] junk\na=b\n", problems).sectionNames());
  }

  @Test void anIndentedHeaderAfterAKeyContinuesTheValue() {
    IniDocument doc = IniReader.parse("f", "[s]\na=1\n  [t]\nb=2\n", problems);
    assertEquals(List.of("s"), doc.sectionNames());
    assertEquals("1\n[t]", doc.section("s").orElseThrow().get("a").orElseThrow().text());
  }
}
