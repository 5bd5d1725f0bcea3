package io.roller.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.util.function.ThrowingRunnable;
import io.roller.server.core.DomainException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that move package bytes: tarball downloads and uploads run here, not on Jetty's
 * threads. A transfer blocks its thread for as long as the client takes (a host on a slow link
 * reads a tarball for minutes), and Jetty's pool is small on purpose (views are answered from
 * memory), so a few slow clients there would starve every view. A separate bounded pool, rather
 * than async writes, because uploads must be read and validated as a stream anyway, and blocking
 * code on a pool is the simplest thing that keeps views apart; the pool and its queue are bounded,
 * and past them a transfer gets 503 rather than memory or threads without end.
 */
final class Transfers {
  static final int THREADS = 64;
  static final int QUEUE = 1024;

  private final ThreadPoolExecutor pool;

  private Transfers(int threads, int queue) {
    AtomicInteger n = new AtomicInteger();
    pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            r -> {
              Thread t = new Thread(r, "transfer-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  /** A pool for one app, shut down when the app stops. */
  static Transfers of(Javalin app) {
    Transfers t = new Transfers(THREADS, QUEUE);
    app.events(e -> e.serverStopped(t.pool::shutdownNow));
    return t;
  }

  /** Runs {@code task} on this pool; the Jetty thread returns at once. */
  void run(Context ctx, ThrowingRunnable<Exception> task) {
    ctx.future(
        () -> {
          CompletableFuture<Void> done = new CompletableFuture<>();
          try {
            pool.execute(
                () -> {
                  try {
                    task.run();
                    done.complete(null);
                  } catch (Throwable e) {
                    done.completeExceptionally(e);
                  }
                });
          } catch (RejectedExecutionException e) {
            done.completeExceptionally(
                new DomainException(
                    DomainException.Kind.UNAVAILABLE,
                    "too many package transfers in progress ("
                        + THREADS
                        + " running, "
                        + QUEUE
                        + " waiting); retry later"));
          }
          return done;
        });
  }
}
