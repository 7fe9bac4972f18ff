package org.jsupervisor.http;

/** A request the server answers with an error status and then closes the connection. */
final class HttpError extends Exception {
  final int status;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
