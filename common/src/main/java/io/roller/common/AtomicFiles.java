package io.roller.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file writes through a temp file, fsync and rename, so a reader (or a crash) sees the old
 * content or the new, never half: the one such helper of roll and foreman.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code file}, creating its directory; the temp file is a hidden sibling named by this
   * process's pid, so two processes never share one.
   */
  public static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp =
        file.resolveSibling(
            "." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    write(file, tmp, bytes);
  }

  /**
   * Writes {@code file} through {@code tmp} (same directory; replaced if present), for a caller
   * that holds a lock and so may use a fixed name that the next write reuses.
   */
  public static void write(Path file, Path tmp, byte[] bytes) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
