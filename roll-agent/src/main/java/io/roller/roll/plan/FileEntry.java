package io.roller.roll.plan;

/**
 * One path of a generation, relative to /usr/local: its kind, permission bits and a digest (sha256
 * of a file's content, a symlink's target, null for a directory), so two generations compare by
 * path.
 */
public record FileEntry(String path, Kind kind, int mode, String digest, long size) {
  /** What a package may ship. */
  public enum Kind {
    FILE,
    DIR,
    LINK
  }
}
