package org.jsupervisor.config;

/**
 * A value could not be converted to its option's type. The message says what is wrong and
 * with which value; the loader adds file, line, section and option.
 */
final class InvalidValueException extends Exception {
  InvalidValueException(String message) {
    super(message, null, false, false);
  }
}
