package io.roller.foreman.core;

/** foreman's one user-facing error: printed as {@code foreman: <message>}, exits with its code. */
public class ForemanException extends RuntimeException {
  private final int exitCode;

  public ForemanException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public ForemanException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
