package io.roller.roll.fetch;

/** Pauses between retries: 100 ms, 200 ms, 400 ms... at most 2 s. */
final class Backoff {
  private Backoff() {}

  static void pause(int attempt) {
    try {
      Thread.sleep(Math.min(2000, 100L << Math.min(attempt - 1, 5)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
