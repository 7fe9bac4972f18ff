package org.jsupervisor.config;

/**
 * One raw option value as read from an INI file, before %-expansion, with where it came from
 * so that a problem with it can be reported as {@code file:line}.
 *
 * @param text the value with continuation lines joined by {@code \n}
 * @param file the file as it was named to the reader (main file as given, includes absolute)
 * @param line 1-based line of the {@code key = value} line
 */
public record IniValue(String text, String file, int line) {}
