package io.roller.roll.install;

import io.roller.roll.core.RollException;
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

/**
 * One roll at a time per root: an OS file lock on /var/lib/roller/lock (released by the kernel on a
 * crash).
 */
public final class RollLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private RollLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Waits up to {@code wait} for the lock, then fails naming the holder. */
  public static RollLock acquire(Path file, Duration wait) {
    try {
      Files.createDirectories(file.getParent());
      FileChannel ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      long deadline = System.nanoTime() + wait.toNanos();
      while (true) {
        FileLock l = tryLock(ch);
        if (l != null) {
          ch.truncate(0);
          ch.write(
              ByteBuffer.wrap(
                  (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
              0);
          return new RollLock(ch, l);
        }
        if (System.nanoTime() >= deadline) {
          String holder = Files.readString(file).trim();
          ch.close();
          throw new RollException(
              "another roll is running (pid "
                  + (holder.isEmpty() ? "unknown" : holder)
                  + ", lock "
                  + file
                  + "); gave up after "
                  + wait.toSeconds()
                  + "s");
        }
        Thread.sleep(50);
      }
    } catch (IOException e) {
      throw new RollException(
          "cannot open lock " + file + ": " + io.roller.roll.core.Errors.reason(e, file), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RollException("interrupted while waiting for " + file);
    }
  }

  private static FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by another roll in this same JVM (tests)
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
