package org.jsupervisor.log;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class MainLogBootstrapTest {
  @Test
  void logbackFindsTheBootstrapSoUnconfiguredLinesAreHeldNotPrinted() {
    var context = assertInstanceOf(LoggerContext.class, LoggerFactory.getILoggerFactory());
    var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertInstanceOf(PendingAppender.class, root.getAppender(PendingAppender.NAME));
  }
}
