package io.roller.roll.agent;

import io.roller.model.ResolvedHost;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import io.roller.roll.install.Executor;
import io.roller.roll.install.Generations;
import io.roller.roll.plan.Desired;
import io.roller.roll.plan.Plan;
import io.roller.roll.report.Reporter;
import io.roller.roll.report.Reports;
import io.roller.roll.report.RollReport;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One roll (lock, recover, fetch, download, index, plan, execute; {@link LockedRoll}) or its {@code
 * --dry-run} (the same path to the plan, printed instead; {@link PlanMaker}), and the log, trace
 * and report of its outcome. The commands are thin wrappers.
 */
public final class Agent {
  private final RollOptions o;
  private final Layout layout;
  private final PrintStream err;
  private final RollTrace trace = new RollTrace();
  private Reporter reporter;

  public Agent(RollOptions options, PrintStream err) {
    this.o = options;
    this.layout = new Layout(options.root());
    this.err = err;
  }

  /** Sends every roll's report (null: none, as for a test that drives the agent alone). */
  public Agent reportingTo(Reporter reporter) {
    this.reporter = reporter;
    return this;
  }

  public RollReport roll() {
    long t0 = System.nanoTime();
    try {
      RollReport report = o.dryRun() ? dryRun() : new LockedRoll(o, layout, err, trace).run();
      if (!o.dryRun()) {
        boolean repaired = trace.drift != null && !trace.drift.clean() && report.changed();
        String outcome = repaired ? "repaired" : report.changed() ? "converged" : "unchanged";
        RollLog.write(layout, o.hostname(), report, outcome, null, RollTrace.ms(t0));
        RollFailure.cleared(layout);
        report(outcome, report, null, null, RollTrace.ms(t0));
      }
      return report;
    } catch (RollException e) {
      if (!o.dryRun()) {
        RollFailure f = failure(e);
        RollLog.write(
            layout, o.hostname(), failed(f), f.outcome(), f.step(), f.reason(), RollTrace.ms(t0));
        if (!f.step().equals("lock")) {
          // Without the lock another roll owns the files; this one changed nothing anyway.
          RollFailure.record(layout, f);
        }
        report(f.outcome(), null, f.step(), f.reason(), RollTrace.ms(t0));
      }
      throw e;
    }
  }

  /** Sends this roll's report; never fails the roll (see {@link Reporter}). */
  private void report(String outcome, RollReport r, String failedStep, String reason, long ms) {
    if (reporter == null) {
      return;
    }
    Integer now;
    try {
      OptionalInt g = new Generations(layout).current();
      now = g.isPresent() ? g.getAsInt() : null;
    } catch (RuntimeException e) {
      now = null;
    }
    boolean failed = reason != null;
    ResolvedHost fetched = trace.fetched;
    Plan plan = trace.plan;
    String desired =
        fetched != null ? fetched.desired() : failed ? null : Reporter.lastDesired(layout);
    List<String> restarted =
        plan != null && plan.changed() && !failed ? plan.changes().servicesStarted() : List.of();
    reporter.send(
        Reports.of(
            o.hostname(),
            outcome,
            r,
            fetched != null ? fetched.revision() : null,
            desired,
            now,
            plan != null && plan.current() != null
                ? (Integer) plan.current().generation()
                : trace.previous,
            restarted,
            ms,
            failedStep,
            reason,
            trace.drift != null && !trace.drift.clean() ? trace.drift.paths() : null));
  }

  private RollFailure failure(RollException e) {
    Executor executor = trace.executor;
    boolean back = executor != null && executor.rolledBack();
    String at = executor != null && trace.step.equals("execute") ? executor.step() : trace.step;
    OptionalInt live = OptionalInt.empty();
    try {
      live = new Generations(layout).current();
    } catch (RollException ignored) {
      // a /usr/local roll did not make: nothing to name
    }
    ResolvedHost h = trace.fetched;
    return new RollFailure(
        Instant.now().toString(),
        back ? "rolled-back" : "failed",
        at,
        e.getMessage(),
        h == null ? null : h.revision(),
        h == null ? null : h.hostclass(),
        h == null ? null : h.version(),
        trace.attempted,
        live.isPresent() ? live.getAsInt() : null);
  }

  /**
   * What the failed roll was rolling to, for its roll.log line; null before the server answered.
   */
  private RollReport failed(RollFailure f) {
    ResolvedHost fetched = trace.fetched;
    if (fetched == null) {
      return null;
    }
    // the generation it tried to build, or else the one it stayed on
    int generation = f.generation() != null ? f.generation() : f.leftOn() != null ? f.leftOn() : -1;
    List<String> refs = new ArrayList<>();
    try {
      Desired.onServer(fetched, o.failsafe(), o.server())
          .forEach(p -> refs.add(p.ref().toString()));
    } catch (RollException e) {
      // a package missing on the server: the reason says which
    }
    return new RollReport(
        fetched.hostname(),
        fetched.revision(),
        fetched.hostclass(),
        fetched.version(),
        generation,
        false,
        false,
        refs,
        null,
        List.of(),
        trace.timings);
  }

  /**
   * Everything a roll would do, touching nothing on the host: the roll's own path to the plan (see
   * {@link PlanMaker}), without the lock, recovery or drift check, its plan printed, not applied.
   */
  private RollReport dryRun() {
    try (PlanMaker maker = new PlanMaker(o, layout, err, trace, true)) {
      Plan plan = maker.plan(maker.fetch(null).host(), new Generations(layout), o.force());
      return PlanReports.withAdoption(PlanReports.of(plan, true, trace.timings), maker.adoption());
    }
  }
}
