package io.roller.roll.agent;

import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import io.roller.roll.install.Executor;
import io.roller.roll.install.Generations;
import io.roller.roll.install.RollLock;
import io.roller.roll.plan.GenerationRecord;
import io.roller.roll.plan.Pin;
import io.roller.roll.plan.Planner;
import io.roller.roll.report.Reporter;
import io.roller.roll.report.Reports;
import io.roller.roll.report.RollReport;
import io.roller.roll.service.ServiceRunner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code roll rollback [--to N]}: under the roll lock, recover any interrupted roll, then switch to
 * generation N (by default the newest complete one older than the current) by the planner's
 * rollback plan, applied and journaled like a roll's, and report the outcome ({@code rolled-back}
 * or {@code failed}).
 */
public final class Rollback {
  private final Layout layout;
  private final Duration lockWait;
  private final PrintStream err;
  // What the report needs even when the rollback fails half-way.
  private String hostname;
  private Integer from;
  private String desired;

  public Rollback(Layout layout, Duration lockWait, PrintStream err) {
    this.layout = layout;
    this.lockWait = lockWait;
    this.err = err;
  }

  /** Rolls back to {@code toN} (null: the previous generation), reporting to {@code reporter}. */
  public RollReport run(Integer toN, Reporter reporter) {
    long t0 = System.nanoTime();
    try {
      RollReport r = locked(toN);
      if (reporter != null && hostname != null) {
        reporter.send(
            Reports.of(
                hostname,
                "rolled-back",
                r,
                null,
                desired,
                r.generation(),
                from,
                List.of(),
                ms(t0),
                null,
                null,
                null));
      }
      return r;
    } catch (RollException e) {
      if (reporter != null && hostname != null) {
        OptionalInt now = new Generations(layout).current();
        reporter.send(
            Reports.of(
                hostname,
                "failed",
                null,
                null,
                null,
                now.isPresent() ? now.getAsInt() : null,
                from,
                List.of(),
                ms(t0),
                "rollback",
                e.getMessage(),
                null));
      }
      throw e;
    }
  }

  private RollReport locked(Integer toN) {
    long t0 = System.nanoTime();
    String host = "?";
    try (RollLock lock = RollLock.acquire(layout.lock(), lockWait)) {
      Generations generations = new Generations(layout);
      GenerationRecord current = generations.currentRecord();
      if (current == null) {
        throw new RollException(
            "nothing to roll back: " + layout.usrLocal() + " is not a roll generation");
      }
      host = current.hostname() == null ? "?" : current.hostname();
      hostname = current.hostname();
      from = current.generation();
      Executor executor = new Executor(layout, new ServiceRunner(layout, host), err);
      executor.recover();
      current = generations.currentRecord();
      int now = current.generation();
      int to = toN == null ? previous(generations, now) : chosen(generations, now, toN);
      GenerationRecord t = generations.record(to);
      executor.apply(Planner.rollback(current, t));
      // The report names the desired state the host is now on, so /fleet shows it behind (or
      // converged) rather than failed.
      desired = t.desired();
      RollReport r =
          new RollReport(
              t.hostname() != null ? t.hostname() : current.hostname(),
              t.revision(),
              t.hostclass(),
              t.version(),
              to,
              true,
              false,
              t.packages().stream().map(Pin::ref).toList(),
              null,
              List.of("rolled back from generation " + now + " to " + to),
              executor.timings());
      RollLog.write(layout, host, r, "rolled-back", null, ms(t0));
      return r;
    } catch (RollException e) {
      RollLog.write(layout, host, null, "rollback-failed", e.getMessage(), ms(t0));
      throw e;
    }
  }

  private static int previous(Generations generations, int now) {
    return generations.complete().stream()
        .filter(n -> n < now)
        .reduce((a, b) -> b)
        .orElseThrow(
            () -> new RollException("no generation older than " + now + " to roll back to"));
  }

  /** Generation n for --to, if it is still on disk; otherwise says which ones are. */
  private static int chosen(Generations generations, int now, int n) {
    List<Integer> kept = generations.complete();
    String list = "kept: " + String.join(", ", kept.stream().map(String::valueOf).toList());
    if (n == now) {
      throw new RollException("already on generation " + n + " (" + list + ")");
    }
    if (!kept.contains(n)) {
      throw new RollException(
          n < generations.next()
              ? "generation " + n + " is no longer kept (pruned, or its roll failed); " + list
              : "no generation " + n + " yet; " + list);
    }
    return n;
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
