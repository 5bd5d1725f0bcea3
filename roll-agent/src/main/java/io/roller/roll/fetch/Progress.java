package io.roller.roll.fetch;

import io.roller.model.ResolvedHost;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The download progress line on stderr: packages done, megabytes so far, redrawn at most 4 times a
 * second.
 */
final class Progress {
  private static final long EVERY_NANOS = 250_000_000L;

  private final PrintStream err;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicLong lastDrawn = new AtomicLong();
  private volatile long total;
  private volatile int count;
  private volatile long started;
  private volatile boolean drawn;

  Progress(PrintStream err) {
    this.err = err;
  }

  void begin(List<ResolvedHost.Package> packages) {
    count = packages.size();
    total = packages.stream().mapToLong(p -> p.size() == null ? 0 : p.size()).sum();
    started = System.nanoTime();
    lastDrawn.set(started);
    bytes.set(0);
    done.set(0);
  }

  void add(long n) {
    bytes.addAndGet(n);
    long now = System.nanoTime();
    long last = lastDrawn.get();
    if (now - last >= EVERY_NANOS && lastDrawn.compareAndSet(last, now)) {
      draw("\r");
    }
  }

  void done() {
    done.incrementAndGet();
  }

  void end() {
    draw(drawn ? "\r" : "");
    err.println();
  }

  private synchronized void draw(String prefix) {
    drawn = true;
    double secs = (System.nanoTime() - started) / 1e9;
    err.print(
        String.format(
            Locale.ROOT,
            "%sroll: downloaded %d/%d packages, %.1f of %.1f MB (%.1f s)",
            prefix,
            done.get(),
            count,
            bytes.get() / 1e6,
            total / 1e6,
            secs));
    err.flush();
  }
}
