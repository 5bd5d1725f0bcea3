package io.roller.roll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roller.roll.core.Errors;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorsTest {
  @TempDir Path tmp;

  @Test
  void permissionDeniedIsSaidInWordsNamingAPathOtherThanTheSubject() {
    Path lock = Path.of("/r/var/lib/roller/lock");
    assertEquals(
        "permission denied (/r/var)", Errors.reason(new AccessDeniedException("/r/var"), lock));
    assertEquals(
        "permission denied", Errors.reason(new AccessDeniedException(lock.toString()), lock));
    assertEquals(
        "no such file or directory (/x)", Errors.reason(new NoSuchFileException("/x"), lock));
  }

  @Test
  void aRealFailureReadsTheSame() throws IOException {
    Path file = Files.writeString(tmp.resolve("f"), "x");
    IOException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IOException.class, () -> Files.createDirectories(file.resolve("sub")));
    assertEquals("not a directory (" + file.resolve("sub") + ")", Errors.reason(e, null));
  }
}
