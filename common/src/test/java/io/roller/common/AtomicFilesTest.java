package io.roller.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

  @Test
  void replaceMovesWhatTheFillWroteEvenReadOnlyAndLeavesNoTemp() throws IOException {
    Path file = dir.resolve("pkg/web-1.tar.gz");

    long size =
        AtomicFiles.replace(
            file,
            tmp -> {
              Files.write(Files.createFile(tmp), "tarball".getBytes(StandardCharsets.UTF_8));
              Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--r--r--"));
              return Files.size(tmp);
            });

    assertEquals(7, size);
    assertEquals("tarball", Files.readString(file));
    assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (Stream<Path> s = Files.list(file.getParent())) {
      assertEquals(List.of(file), s.toList());
    }
  }

  @Test
  void aFillThatFailsLeavesTheOldFileAndNoTemp() throws IOException {
    Path file = dir.resolve("identity");
    Files.writeString(file, "old key");

    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.replace(
                    file,
                    tmp -> {
                      Files.writeString(tmp, "half a new key");
                      throw new IOException("package failed validation");
                    }));

    assertEquals("package failed validation", e.getMessage());
    assertEquals("old key", Files.readString(file));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(file), s.toList());
    }
  }
}
