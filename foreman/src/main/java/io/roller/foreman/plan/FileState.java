package io.roller.foreman.plan;

import java.util.Arrays;

/** What a path under the root holds now, read without following symlinks. */
public record FileState(Kind kind, int mode, int uid, int gid, byte[] content) {
  public static final FileState ABSENT = new FileState(Kind.ABSENT, 0, -1, -1, null);

  /** A symlink, device or fifo is OTHER: foreman never writes through or over one. */
  public enum Kind {
    ABSENT,
    FILE,
    DIRECTORY,
    OTHER
  }

  boolean isFile(byte[] want, int wantMode, int wantUid, int wantGid) {
    return kind == Kind.FILE
        && Arrays.equals(content, want)
        && mode == wantMode
        && uid == wantUid
        && gid == wantGid;
  }

  boolean isDirectory(int wantMode, int wantUid, int wantGid) {
    return kind == Kind.DIRECTORY && mode == wantMode && uid == wantUid && gid == wantGid;
  }
}
