package io.roller.model;

/** A repo or package file that does not validate; names the file, line and key. */
public final class ValidationException extends RuntimeException {
  private final String file;
  private final int line;
  private final String key;
  private final String reason;

  public ValidationException(String file, int line, String key, String reason) {
    super(format(file, line, key, reason));
    this.file = file;
    this.line = line;
    this.key = key;
    this.reason = reason;
  }

  private static String format(String file, int line, String key, String reason) {
    StringBuilder b = new StringBuilder(file == null ? "<unknown>" : file);
    if (line > 0) {
      b.append(':').append(line);
    }
    b.append(": ");
    if (key != null && !key.isEmpty()) {
      b.append("key '").append(key).append("': ");
    }
    return b.append(reason).toString();
  }

  /** Path of the file relative to the repo root, e.g. {@code host/web01.nyc1.yml}. */
  public String file() {
    return file;
  }

  /** 1-based line, or 0 when the whole file is at fault. */
  public int line() {
    return line;
  }

  /** The offending key (dotted for nested keys), or null. */
  public String key() {
    return key;
  }

  /** The reason without file and line. */
  public String reason() {
    return reason;
  }
}
