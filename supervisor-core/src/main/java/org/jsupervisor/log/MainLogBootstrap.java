package org.jsupervisor.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * logback's start-up configuration when no logback file is given: print nothing and hold lines
 * until {@link MainLog#configure} (so tests are quiet and config parse messages are not lost).
 * Found by logback through {@code META-INF/services}; steps aside when a {@code logback.xml},
 * {@code logback-test.xml} or {@code -Dlogback.configurationFile} exists, so a developer can still
 * get a console log.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class MainLogBootstrap extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ClassLoader loader = MainLogBootstrap.class.getClassLoader();
    if (System.getProperty("logback.configurationFile") != null
        || loader.getResource("logback-test.xml") != null
        || loader.getResource("logback.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    var pending = new PendingAppender();
    pending.setContext(context);
    pending.start();
    root.addAppender(pending);
    root.setLevel(Level.DEBUG);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
