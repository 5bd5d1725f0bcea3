package io.roller.server.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Waits for something a test cannot be told about (a poller's next fetch, a background cleanup)
 * instead of sleeping a guessed time: asks often, gives up after a generous limit, and then fails
 * saying what it waited for and what it saw last.
 */
public final class Poll {
  private static final long FIRST_PAUSE_MS = 5;
  private static final long MAX_PAUSE_MS = 100;

  private Poll() {}

  /** Waits until {@code condition} holds; fails naming {@code what} after {@code within}. */
  public static void until(Duration within, BooleanSupplier condition, String what) {
    until(within, condition::getAsBoolean, Boolean.TRUE::equals, what);
  }

  /**
   * Asks {@code probe} until its answer passes {@code done}, and returns that answer; fails after
   * {@code within} with the last answer (or the probe's last exception) in the message.
   */
  public static <T> T until(
      Duration within, Callable<T> probe, Predicate<? super T> done, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    long pause = FIRST_PAUSE_MS;
    T last = null;
    Exception lastError = null;
    while (true) {
      try {
        last = probe.call();
        lastError = null;
        if (done.test(last)) {
          return last;
        }
      } catch (Exception e) {
        lastError = e; // e.g. not listening yet: ask again
      }
      if (System.nanoTime() >= deadline) {
        AssertionError failure =
            new AssertionError(
                "waited "
                    + within.toMillis()
                    + " ms for "
                    + what
                    + "; last "
                    + (lastError != null
                        ? "error: " + lastError
                        : "seen: " + Objects.toString(last)));
        if (lastError != null) {
          failure.initCause(lastError);
        }
        throw failure;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
      pause = Math.min(MAX_PAUSE_MS, pause * 2);
    }
  }

  /** Waits until {@code probe} answers {@code expected} (by equals) and returns it. */
  public static <T> T untilEquals(Duration within, T expected, Callable<T> probe, String what) {
    return until(within, probe, expected::equals, what + " to be " + expected);
  }
}
