package io.roller.roll.core;

/**
 * The one user-facing failure of the roll command: its message is printed as {@code roll:
 * <message>} (with the stack trace under --stacktrace) and the command exits 1.
 */
public class RollException extends RuntimeException {
  public RollException(String message) {
    super(message);
  }

  public RollException(String message, Throwable cause) {
    super(message, cause);
  }
}
