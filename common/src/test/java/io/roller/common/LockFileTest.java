package io.roller.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockFileTest {
  @TempDir Path dir;

  @Test
  void aHeldLockIsRefusedNamingTheHoldersPidAndFreeAgainOnceClosed() throws IOException {
    Path file = dir.resolve("var/lib/roller/lock");
    Optional<LockFile> first = LockFile.tryAcquire(file);
    assertTrue(first.isPresent());

    assertTrue(LockFile.acquire(file, Duration.ofMillis(120)).isEmpty());
    assertEquals(String.valueOf(ProcessHandle.current().pid()), LockFile.holder(file));

    first.get().close();
    try (LockFile again = LockFile.tryAcquire(file).orElseThrow()) {
      assertEquals(String.valueOf(ProcessHandle.current().pid()), LockFile.holder(file));
    }
  }

  @Test
  void theHolderOfANeverWrittenLockIsUnknown() {
    assertEquals("unknown", LockFile.holder(dir.resolve("nosuch")));
  }
}
