package io.roller.model.pkg;

/** A package that breaks a rule; names the entry (when there is one) and the rule it broke. */
public final class PackageException extends RuntimeException {
  private final String entry;
  private final String reason;

  public PackageException(String entry, String reason) {
    this(entry, reason, null);
  }

  public PackageException(String entry, String reason, Throwable cause) {
    super(entry == null ? reason : "entry '" + entry + "': " + reason, cause);
    this.entry = entry;
    this.reason = reason;
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
