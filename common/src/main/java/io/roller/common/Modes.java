package io.roller.common;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Unix permission bits (0755) as NIO's permission sets and back, for roll and foreman alike. */
public final class Modes {
  private Modes() {}

  /** The permissions of the low nine bits of {@code mode}; higher bits (sticky, setuid) are not. */
  public static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((mode & bit(p)) != 0) {
        out.add(p);
      }
    }
    return out;
  }

  /** The permission bits of {@code perms}, e.g. 0644. */
  public static int bits(Set<PosixFilePermission> perms) {
    int mode = 0;
    for (PosixFilePermission p : perms) {
      mode |= bit(p);
    }
    return mode;
  }

  // PosixFilePermission's order is OWNER_READ ... OTHERS_EXECUTE: bit 8 down to bit 0
  private static int bit(PosixFilePermission p) {
    return 1 << (8 - p.ordinal());
  }
}
