package org.jsupervisor.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records what is logged to the main log ("supervisord") during a test, and holds that logger at
 * INFO meanwhile: at DEBG every chunk of child output would be copied into the main log, which
 * tests pushing megabytes through a child must not pay for.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger logger = (Logger) LoggerFactory.getLogger("supervisord");
  private final Level previous = logger.getLevel();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LogCapture() {
    appender.setContext(logger.getLoggerContext());
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.INFO);
  }

  /** Lowers the main log to DEBG for the rest of the test, for the copies of child output. */
  public LogCapture debug() {
    logger.setLevel(Level.DEBUG);
    return this;
  }

  /** "LEVEL message" of each line so far. */
  public List<String> lines() {
    synchronized (appender.list) {
      return appender.list.stream()
          .map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }
  }

  public List<String> errors() {
    return lines().stream().filter(l -> l.startsWith("ERROR ")).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
  }
}
