package io.roller.model.pkg;

/** A package that breaks a rule; names the entry (when there is one) and the rule it broke. */
public final class PackageException extends RuntimeException {
  private final String entry;
  private final String reason;

  public PackageException(String entry, String reason) {
    this(entry, reason, null);
  }

  public PackageException(String entry, String reason, Throwable cause) {
    super(entry == null ? reason : "entry '" + printable(entry) + "': " + reason, cause);
    this.entry = entry;
    this.reason = reason;
  }

  /** The name with its control characters escaped, so a message naming it stays one line. */
  static String printable(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (char c : name.toCharArray()) {
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /**
   * The archive entry at fault as it is named in the archive, or null for the archive as a whole.
   */
  public String entry() {
    return entry;
  }

  /** The rule broken, without the entry name. */
  public String reason() {
    return reason;
  }
}
