package io.roller.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * An OS file lock that keeps two runs apart (one roll, one foreman sync per root); the kernel
 * releases it when the holder dies, so a crash never leaves a stale lock. The file holds the
 * holder's pid, for the message of the one that has to wait.
 */
public final class LockFile implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private LockFile(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock if it is free now; empty when another process (or this one) holds it. */
  public static Optional<LockFile> tryAcquire(Path file) throws IOException {
    return acquire(file, Duration.ZERO);
  }

  /** Polls for the lock up to {@code wait}; empty when it stayed held. */
  public static Optional<LockFile> acquire(Path file, Duration wait) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      while (true) {
        FileLock l = tryLock(ch);
        if (l != null) {
          writePid(ch);
          return Optional.of(new LockFile(ch, l));
        }
        if (System.nanoTime() >= deadline) {
          ch.close();
          return Optional.empty();
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      ch.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + file, e);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Writes this process's pid, unless the file already holds it (a run that changes nothing). */
  private static void writePid(FileChannel ch) throws IOException {
    byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer held = ByteBuffer.allocate(pid.length + 1);
    ch.read(held, 0);
    if (held.position() == pid.length
        && Arrays.equals(held.array(), 0, pid.length, pid, 0, pid.length)) {
      return;
    }
    ch.truncate(0);
    ch.write(ByteBuffer.wrap(pid), 0);
  }

  /** The pid the holder wrote, or "unknown". */
  public static String holder(Path file) {
    try {
      String pid = Files.readString(file, StandardCharsets.UTF_8).trim();
      return pid.isEmpty() ? "unknown" : pid;
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by another run in this same JVM (tests)
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // closing the channel releases the lock anyway
    }
  }
}
