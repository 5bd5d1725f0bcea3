package io.roller.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class ModesTest {
  @Test
  void modesAndPermissionSetsAgreeWithLsNotation() {
    assertEquals(PosixFilePermissions.fromString("rwxr-xr-x"), Modes.permissions(0755));
    assertEquals(PosixFilePermissions.fromString("rw-------"), Modes.permissions(0600));
    assertEquals(PosixFilePermissions.fromString("r--r--r--"), Modes.permissions(01444));
    for (int mode = 0; mode <= 0777; mode++) {
      assertEquals(mode, Modes.bits(Modes.permissions(mode)));
    }
  }
}
