package io.roller.roll.agent;

import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import io.roller.roll.install.Drift;
import io.roller.roll.install.Generations;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The drift check of the current generation, run on its own thread while the roll asks the server
 * for its view and checks its services: on a converged host those and the walk of /usr/local are
 * most of what a no-op roll does, and none of them waits for another.
 */
final class DriftCheck {
  private final FutureTask<Drift.Result> task;
  private volatile long millis;

  private DriftCheck(Layout layout, OptionalInt current, Generations generations) {
    this.task =
        new FutureTask<>(
            () -> {
              long t = System.nanoTime();
              try {
                return current.isPresent()
                    ? Drift.check(layout, current.getAsInt(), generations)
                    : null;
              } finally {
                millis = RollTrace.ms(t);
              }
            });
  }

  /** Starts checking {@code current}, the generation /usr/local points at (none: a blank host). */
  static DriftCheck start(Layout layout, OptionalInt current, Generations generations) {
    DriftCheck check = new DriftCheck(layout, current, generations);
    Thread t = new Thread(check.task, "roll-drift");
    t.setDaemon(true);
    t.start();
    return check;
  }

  /** What the check found (null for generation 0 or a blank host); waits for it. */
  Drift.Result result() {
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new RollException("checking /usr/local for drift: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RollException("interrupted while checking /usr/local for drift");
    }
  }

  /** What the check found, for a roll that failed before it looked; null if the check failed. */
  Drift.Result resultQuietly() {
    try {
      return result();
    } catch (RollException e) {
      return null;
    }
  }

  /** How long the check took on its thread. */
  long millis() {
    return millis;
  }
}
