package org.jsupervisor.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes main log lines to a {@link RotatingFile}; one write per line, as supervisord does. */
final class RotatingFileAppender extends AppenderBase<ILoggingEvent> {
  private final RotatingFile file;
  private final MainLogLayout layout;
  private boolean failing;

  RotatingFileAppender(RotatingFile file, MainLogLayout layout) {
    this.file = file;
    this.layout = layout;
    setName("file");
  }

  @Override
  protected void append(ILoggingEvent event) {
    try {
      file.write(layout.doLayout(event).getBytes(StandardCharsets.UTF_8));
      failing = false;
    } catch (IOException e) {
      if (!failing) { // report once per failure streak (e.g. a full disk), not once per line
        addError("could not write main log " + file.path(), e);
        failing = true;
      }
    }
  }

  void reopen() throws IOException {
    file.reopen();
  }

  @Override
  public void stop() {
    super.stop();
    file.close();
  }
}
