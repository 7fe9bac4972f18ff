package org.jsupervisor.ctl.terminal;

import java.io.IOError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jsupervisor.ctl.Completion;
import org.jsupervisor.ctl.Interrupts;
import org.jsupervisor.ctl.LineInput;
import org.jsupervisor.ctl.LineInterruptedException;

/**
 * Lines from a terminal with editing, history and Tab completion (JLine), as GNU readline gives
 * Python's supervisorctl. Only the interactive shell on a terminal creates one: the rest of the
 * client never loads JLine, which keeps one-shot actions quick to start.
 */
public final class TerminalLineInput implements LineInput {
  /** As many entries as the shell keeps in its history file. */
  private static final int HISTORY_SIZE = 1000;

  private final Terminal terminal;
  private final LineReader reader;
  private final Completion completion;

  private TerminalLineInput(Terminal terminal, LineReader reader, Completion completion) {
    this.terminal = terminal;
    this.reader = reader;
    this.completion = completion;
  }

  /**
   * Takes over the terminal on stdin and stdout.
   *
   * @param history earlier lines, oldest first, for Up and Down
   * @param interrupts where Ctrl-C goes while no line is being read
   * @throws IOException there is no terminal JLine can drive
   */
  public static TerminalLineInput open(List<String> history, Completion completion, Interrupts interrupts)
      throws IOException {
    Terminal terminal = TerminalBuilder.builder().system(true).dumb(false).encoding(StandardCharsets.UTF_8).build();
    // JLine takes SIGINT over for the terminal's lifetime; while it is not reading a line, Ctrl-C must
    // still stop a running stream or leave the shell as before.
    terminal.handle(Terminal.Signal.INT, signal -> interrupts.fire());
    try {
      LineReader reader = reader(terminal, completion);
      history.forEach(reader.getHistory()::add);
      return new TerminalLineInput(terminal, reader, completion);
    } catch (RuntimeException e) {
      terminal.close();
      throw e;
    }
  }

  private static LineReader reader(Terminal terminal, Completion completion) {
    // Lines are split on blanks only, as supervisorctl splits its arguments: no quoting, no escapes,
    // and Enter never waits for a closing quote.
    var parser = new DefaultParser().quoteChars(new char[0]).escapeChars(new char[0]);
    LineReader reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("supervisorctl")
        .parser(parser)
        .completer((r, line, candidates) -> {
          String upToCursor = line.line().substring(0, line.cursor());
          String word = line.word().substring(0, line.wordCursor());
          for (String c : completion.candidates(upToCursor, word)) {
            candidates.add(new Candidate(c, c, null, null, null, null, true));
          }
        })
        .variable(LineReader.HISTORY_SIZE, HISTORY_SIZE)
        // "!ls" is an unknown command to supervisorctl, not history expansion; expansion would also
        // drop backslashes from the line.
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        // readline keeps lines as typed, leading blanks included.
        .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
        .option(LineReader.Option.HISTORY_REDUCE_BLANKS, false)
        .build();
    bindCursorKeys(reader);
    return reader;
  }

  /**
   * JLine binds the arrow, Home and End keys as terminfo spells them for keypad mode
   * ({@code ESC O A}); terminals that ignore keypad mode send {@code ESC [ A}, which readline
   * understands too.
   */
  private static void bindCursorKeys(LineReader reader) {
    KeyMap<Binding> emacs = reader.getKeyMaps().get(LineReader.EMACS);
    emacs.bindIfNotBound(new Reference(LineReader.UP_LINE_OR_HISTORY), "\033[A");
    emacs.bindIfNotBound(new Reference(LineReader.DOWN_LINE_OR_HISTORY), "\033[B");
    emacs.bindIfNotBound(new Reference(LineReader.FORWARD_CHAR), "\033[C");
    emacs.bindIfNotBound(new Reference(LineReader.BACKWARD_CHAR), "\033[D");
    emacs.bindIfNotBound(new Reference(LineReader.BEGINNING_OF_LINE), "\033[H");
    emacs.bindIfNotBound(new Reference(LineReader.END_OF_LINE), "\033[F");
  }

  @Override
  public String readLine(String prompt) throws IOException {
    // JLine reacts to Ctrl-C while it reads; one that came before (during fg's calls to the server)
    // has only interrupted this thread, and ends this read at once, as with the plain reader.
    if (Thread.interrupted()) {
      throw new LineInterruptedException("");
    }
    completion.forget();
    try {
      return reader.readLine(prompt);
    } catch (UserInterruptException e) {
      throw new LineInterruptedException(e.getPartialLine());
    } catch (EndOfFileException e) {
      return null;
    } catch (IOError e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e);
    }
  }

  @Override
  public String readPassword(String prompt) throws IOException {
    try {
      return reader.readLine(prompt, '\0'); // a NUL mask echoes nothing; masked lines stay out of history
    } catch (UserInterruptException e) {
      throw new LineInterruptedException("");
    } catch (EndOfFileException e) {
      return null;
    }
  }

  @Override
  public boolean isTerminal() {
    return true;
  }

  /** Restores the terminal's modes and the SIGINT handler that was there before. */
  @Override
  public void close() {
    try {
      terminal.close();
    } catch (IOException e) {
      // Nothing more can be restored.
    }
  }
}
