package io.roller.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Maps a list on a few threads of its own, in order, failing as the first failed item does: the one
 * such helper behind parallel downloads, extraction and decryption.
 */
public final class Parallel {
  private Parallel() {}

  /** One item's work; may throw what the caller's sequential code would. */
  @FunctionalInterface
  public interface Task<T, R> {
    R apply(T item) throws Exception;
  }

  /**
   * {@code task} over {@code items} on at most {@code workers} daemon threads named {@code name},
   * results in the items' order. The first item (in order) that failed decides the outcome: its
   * RuntimeException or IOException is rethrown as it is (any other exception wrapped in an
   * IOException), and the items still running are interrupted.
   */
  public static <T, R> List<R> map(List<T> items, int workers, String name, Task<T, R> task)
      throws IOException, InterruptedException {
    if (items.isEmpty()) {
      return List.of();
    }
    int threads = Math.max(1, Math.min(workers, items.size()));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> task.apply(item)));
      }
      List<R> out = new ArrayList<>(items.size());
      for (Future<R> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
    } finally {
      pool.shutdownNow();
    }
  }

  /** As many workers as cores, for CPU-bound work. */
  public static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }
}
