package io.roller.roll.install;

import io.roller.common.LockFile;
import io.roller.roll.core.Errors;
import io.roller.roll.core.RollException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One roll at a time per root: the {@link LockFile} /var/lib/roller/lock (released by the kernel on
 * a crash).
 */
public final class RollLock implements AutoCloseable {
  private final LockFile lock;

  private RollLock(LockFile lock) {
    this.lock = lock;
  }

  /** Waits up to {@code wait} for the lock, then fails naming the holder. */
  public static RollLock acquire(Path file, Duration wait) {
    try {
      return new RollLock(
          LockFile.acquire(file, wait)
              .orElseThrow(
                  () ->
                      new RollException(
                          "another roll is running (pid "
                              + LockFile.holder(file)
                              + ", lock "
                              + file
                              + "); gave up after "
                              + wait.toSeconds()
                              + "s")));
    } catch (IOException e) {
      throw new RollException("cannot open lock " + file + ": " + Errors.reason(e, file), e);
    }
  }

  @Override
  public void close() {
    lock.close();
  }
}
