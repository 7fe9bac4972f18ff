package org.jsupervisor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads INI text the way supervisord's parser (Python 3 {@code RawConfigParser} with
 * {@code strict=False} and inline comment prefixes {@code ;} and {@code #}) reads it, so that a
 * config means the same thing to us as to supervisord:
 *
 * <ul>
 *   <li>{@code ;} and {@code #} start a comment at the start of a line, or anywhere when
 *       preceded by whitespace ({@code a=b;c} keeps {@code b;c}); quotes do not protect.
 *   <li>The first {@code =} or {@code :} splits key and value; keys are lower-cased.
 *   <li>A line indented deeper than its key line continues the value ({@code \n}-joined); blank
 *       lines inside a value are kept, trailing ones dropped.
 *   <li>Repeated sections merge, repeated keys replace; {@code [DEFAULT]} feeds every section.
 * </ul>
 *
 * <p>Unlike configparser, every malformed line is reported (not only the first) and every value
 * remembers its file and line.
 */
public final class IniReader {
  private final IniDocument document;
  private final List<ConfigProblem> problems;

  // Parser state carried from line to line, as configparser's _read keeps it.
  private Map<String, IniValue> section;
  private String sectionName;
  private String optionName;
  private List<String> valueLines;
  private int valueLine;
  private int indentLevel;
  private String file;

  public IniReader(IniDocument document, List<ConfigProblem> problems) {
    this.document = document;
    this.problems = problems;
  }

  /** Parses {@code text} into a new document; problems are appended to {@code problems}. */
  public static IniDocument parse(String fileName, String text, List<ConfigProblem> problems) {
    var doc = new IniDocument();
    new IniReader(doc, problems).read(fileName, text);
    return doc;
  }

  /** Reads one more file into the document (sections merge with those already read). */
  public void read(String fileName, String text) {
    file = fileName;
    section = null;
    sectionName = null;
    optionName = null;
    valueLines = null;
    indentLevel = 0;
    String[] lines = text.split("\r\n|\r|\n", -1);
    int count = lines.length;
    if (count > 0 && lines[count - 1].isEmpty()) {
      count--; // the text ended with a newline: no extra empty line
    }
    for (int i = 0; i < count; i++) {
      readLine(lines[i], i + 1);
    }
    finishValue();
  }

  private void readLine(String line, int lineNo) {
    int commentStart = commentStart(line);
    String value = (commentStart < 0 ? line : line.substring(0, commentStart)).strip();
    if (value.isEmpty()) {
      // A blank line may be part of a multi-line value; a comment-only line never is.
      if (commentStart < 0 && valueLines != null) {
        valueLines.add("");
      }
      return;
    }
    int indent = firstNonSpace(line);
    if (section != null && optionName != null && indent > indentLevel) {
      valueLines.add(value);
      return;
    }
    indentLevel = indent;
    if (value.startsWith("[") && value.lastIndexOf(']') > 1) {
      finishValue();
      sectionName = value.substring(1, value.lastIndexOf(']'));
      section = document.open(sectionName, file, lineNo);
      optionName = null;
      return;
    }
    if (section == null) {
      problems.add(new ConfigProblem(file, lineNo, "", "",
          "File contains no section headers: " + PyRepr.of(line)));
      return;
    }
    int delimiter = firstDelimiter(value);
    if (delimiter < 0) {
      problems.add(new ConfigProblem(file, lineNo, sectionName, "",
          "Source contains parsing errors: no '=' or ':' in " + PyRepr.of(line)));
      return;
    }
    String key = value.substring(0, delimiter).strip();
    if (key.isEmpty()) {
      problems.add(new ConfigProblem(file, lineNo, sectionName, "",
          "Source contains parsing errors: no option name before '"
              + value.charAt(delimiter) + "' in " + PyRepr.of(line)));
      return;
    }
    finishValue();
    optionName = key.toLowerCase(Locale.ROOT);
    valueLines = new ArrayList<>();
    valueLines.add(value.substring(delimiter + 1).strip());
    valueLine = lineNo;
  }

  private void finishValue() {
    if (optionName != null && valueLines != null) {
      String joined = String.join("\n", valueLines).stripTrailing();
      section.put(optionName, new IniValue(joined, file, valueLine));
    }
    valueLines = null;
  }

  /**
   * Where a comment starts, or -1: a whole-line comment, or {@code ;}/{@code #} at the start of
   * the line or right after whitespace.
   */
  static int commentStart(String line) {
    String stripped = line.strip();
    if (stripped.startsWith(";") || stripped.startsWith("#")) {
      return 0;
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c == ';' || c == '#') && (i == 0 || isSpace(line.charAt(i - 1)))) {
        return i;
      }
    }
    return -1;
  }

  private static int firstDelimiter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '=' || c == ':') {
        return i;
      }
    }
    return -1;
  }

  private static int firstNonSpace(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (!isSpace(line.charAt(i))) {
        return i;
      }
    }
    return 0;
  }

  static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }
}
