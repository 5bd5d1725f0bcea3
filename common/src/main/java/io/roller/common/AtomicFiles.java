package io.roller.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whole-file writes through a temp file, fsync and rename, so a reader (or a crash) sees the old
 * content or the new, never half: the one such helper of roll, foreman and the server.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code file}, creating its directory; the temp file is a hidden sibling named by this
   * process's pid, so two processes never share one.
   */
  public static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    write(file, temp(file), bytes);
  }

  /** Fills a temp file before it replaces {@code file}: the bytes written, checked, chmod-ed. */
  @FunctionalInterface
  public interface Fill<T> {
    T into(Path temp) throws IOException;
  }

  /**
   * Lets {@code fill} write a hidden sibling of {@code file} (absent when fill starts, so fill may
   * create it with {@code CREATE_NEW}; named by pid and a random number, so neither another process
   * nor a user who owns the directory can guess it), then fsyncs and renames it over {@code file}.
   * When fill throws, the temp file is removed and {@code file} is untouched.
   */
  public static <T> T replace(Path file, Fill<T> fill) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp =
        file.resolveSibling(
            "."
                + file.getFileName()
                + "."
                + ProcessHandle.current().pid()
                + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
    try {
      T result = fill.into(tmp);
      // Read-only and not through a link: the fill may have made it read-only, and in a directory
      // its user owns (foreman's homes) the name could have been swapped for a symlink meanwhile.
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return result;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Path temp(Path file) {
    return file.resolveSibling(
        "." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
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
