package io.roller.roll.fetch;

import io.roller.model.ResolvedHost;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The download progress line on stderr: packages done, bytes so far. On a terminal it is redrawn in
 * place ({@code \r}) at most 4 times a second; into a log or cron mail it is a plain line at most
 * every 10 seconds, and one at the end.
 */
final class Progress {
  private static final long TERMINAL_EVERY_NANOS = 250_000_000L;
  private static final long PLAIN_EVERY_NANOS = 10_000_000_000L;

  private final PrintStream err;
  private final boolean terminal;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicLong lastDrawn = new AtomicLong();
  private volatile long total;
  private volatile int count;
  private volatile long started;
  private volatile boolean drawn;

  Progress(PrintStream err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /**
   * Whether {@code err} is this process's stderr and that is a terminal. Java 17 cannot ask
   * isatty(2) directly; Linux names the terminal behind fd 2.
   */
  static boolean isTerminal(PrintStream err) {
    if (err != System.err) {
      return false;
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
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
    long every = terminal ? TERMINAL_EVERY_NANOS : PLAIN_EVERY_NANOS;
    if (now - last >= every && lastDrawn.compareAndSet(last, now)) {
      draw();
    }
  }

  void done() {
    done.incrementAndGet();
  }

  void end() {
    draw();
    if (terminal) {
      err.println();
    }
  }

  private synchronized void draw() {
    String line =
        String.format(
            Locale.ROOT,
            "roll: downloaded %d/%d packages, %s (%.1f s)",
            done.get(),
            count,
            amount(bytes.get(), total),
            (System.nanoTime() - started) / 1e9);
    if (terminal) {
      err.print((drawn ? "\r" : "") + line);
    } else {
      err.println(line);
    }
    drawn = true;
    err.flush();
  }

  /** "12.3 of 40.0 MB", or in kB when the total is under 1 MB (never "0.0 of 0.0 MB"). */
  static String amount(long got, long total) {
    if (total < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f of %.1f kB", got / 1e3, total / 1e3);
    }
    return String.format(Locale.ROOT, "%.1f of %.1f MB", got / 1e6, total / 1e6);
  }
}
