package org.jsupervisor.ctl;

import java.util.List;

/**
 * supervisorctl's settings after the command line and the {@code [supervisorctl]} section are
 * merged (command line first, then the file, then the defaults).
 *
 * @param serverurl where supervisord listens
 * @param username null when none
 * @param password null when none
 * @param prompt the shell prompt without its {@code "> "}
 * @param historyFile null when no history is kept
 * @param interactive {@code -i} given, or no command words (the shell)
 * @param args the command words
 */
public record Options(
    String serverurl, String username, String password, String prompt, String historyFile,
    boolean interactive, List<String> args) {}
