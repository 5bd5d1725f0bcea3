package io.roller.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writeCreatesTheDirectoryReplacesTheFileAndLeavesNoTempFile() throws IOException {
    Path file = dir.resolve("a/b/state.json");

    AtomicFiles.write(file, "one".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(file, "two".getBytes(StandardCharsets.UTF_8));

    assertEquals("two", Files.readString(file));
    try (Stream<Path> s = Files.list(file.getParent())) {
      assertEquals(List.of(file), s.toList());
    }
  }

  @Test
  void writeThroughAFixedTempReplacesAStaleOneAndConsumesIt() throws IOException {
    Path file = dir.resolve("managed.json");
    Path tmp = dir.resolve("managed.json.tmp");
    Files.writeString(tmp, "half of an old write that was cut short");
    byte[] big = new byte[1 << 20];
    big[big.length - 1] = 7;

    AtomicFiles.write(file, tmp, big);

    assertArrayEquals(big, Files.readAllBytes(file));
    assertEquals(false, Files.exists(tmp));
  }

  @Test
  void writeThroughAFixedTempDoesNotCreateTheDirectory() {
    Path file = dir.resolve("missing/managed.json");

    assertThrows(
        NoSuchFileException.class,
        () -> AtomicFiles.write(file, file.resolveSibling("managed.json.tmp"), new byte[1]));
  }
}
