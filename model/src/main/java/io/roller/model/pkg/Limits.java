package io.roller.model.pkg;

/**
 * Bounds on one archive, against decompression bombs: how many entries and expanded bytes it may
 * hold.
 */
public record Limits(long maxEntries, long maxExpandedBytes) {
  /** 100,000 entries and 4 GiB of expanded content. */
  public static final Limits DEFAULT = new Limits(100_000, 4L * 1024 * 1024 * 1024);

  public Limits {
    if (maxEntries <= 0 || maxExpandedBytes < 0) {
      throw new IllegalArgumentException(
          "limits must be positive: " + maxEntries + " entries, " + maxExpandedBytes + " bytes");
    }
  }
}
