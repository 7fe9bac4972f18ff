package org.jsupervisor.process;

import java.io.IOException;

/**
 * The socket of a FastCGI group could not be created. The message is supervisord's:
 * {@code Could not create FastCGI socket tcp://localhost:9000: [Errno 98] Address already in use}.
 */
public final class FcgiSocketException extends IOException {
  private static final long serialVersionUID = 1L;

  FcgiSocketException(String url, IOException cause) {
    super("Could not create FastCGI socket " + url + ": " + cause.getMessage(), cause);
  }
}
