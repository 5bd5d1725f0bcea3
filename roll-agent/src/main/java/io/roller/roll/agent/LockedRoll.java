package io.roller.roll.agent;

import io.roller.roll.core.Errors;
import io.roller.roll.core.Layout;
import io.roller.roll.fetch.ServerClient;
import io.roller.roll.install.Converged;
import io.roller.roll.install.Drift;
import io.roller.roll.install.Executor;
import io.roller.roll.install.Generations;
import io.roller.roll.install.RollLock;
import io.roller.roll.plan.GenerationRecord;
import io.roller.roll.plan.Pin;
import io.roller.roll.plan.Plan;
import io.roller.roll.plan.ServiceSpec;
import io.roller.roll.report.RollReport;
import io.roller.roll.service.ServiceRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.OptionalInt;

/**
 * A roll that changes the host, under the roll lock: recover, verify, fetch (stopping at a 304 when
 * the host is as the server last saw it), then the {@link PlanMaker}'s plan, executed.
 */
final class LockedRoll {
  private final RollOptions o;
  private final Layout layout;
  private final PrintStream err;
  private final RollTrace trace;

  LockedRoll(RollOptions o, Layout layout, PrintStream err, RollTrace trace) {
    this.o = o;
    this.layout = layout;
    this.err = err;
    this.trace = trace;
  }

  RollReport run() {
    try (RollLock lock = RollLock.acquire(layout.lock(), o.lockWait());
        PlanMaker maker = new PlanMaker(o, layout, err, trace, false)) {
      trace.step = "recover";
      boolean interrupted = Files.exists(layout.journal());
      ServiceRunner runner = new ServiceRunner(layout, o.hostname());
      Executor executor = new Executor(layout, o.force() ? runner.forceStops(err) : runner, err);
      trace.executor = executor;
      executor.recover();
      Generations generations = new Generations(layout);
      OptionalInt now = generations.current();
      GenerationRecord.Head head = now.isPresent() ? generations.head(now.getAsInt()) : null;
      if (head != null) {
        runner.adoptUnrecorded(head);
      }
      trace.step = "verify";
      DriftCheck drift = DriftCheck.start(layout, now, generations);
      trace.step = "fetch";
      Converged last = interrupted || o.force() ? null : converged(now);
      trace.previous = now.isPresent() ? now.getAsInt() : null;
      if (last == null) {
        WarmUp.renderer();
      }
      ServerClient.Answer answer;
      try {
        answer = maker.fetch(last == null ? null : last.etag());
      } catch (RuntimeException e) {
        trace.drift = drift.resultQuietly(); // the failure's report still says what drifted
        throw e;
      }
      boolean repair;
      if (answer.notModified()) {
        // the converged note names the current generation, whose head is read already
        RollReport unchanged = unchanged(head, runner);
        repair = drifted(drift);
        if (unchanged != null && !repair) {
          return unchanged;
        }
        // a 304 says nothing of a drifted tree: the repair needs the view itself
        answer = maker.fetch(null);
      } else {
        repair = drifted(drift);
      }
      if (last != null) {
        // not a no-op after all (a 200, or a 304 with a service down): this roll renders and
        // plans, so load that on a second core while it reads the indexes
        WarmUp.renderer();
      }
      Plan plan = maker.plan(answer.host(), generations, o.force() || repair);
      trace.step = "execute";
      try {
        executor.apply(plan);
      } finally {
        trace.timings.putAll(executor.timings());
      }
      remember(answer.etag(), plan.target().generation());
      return PlanReports.of(plan, false, trace.timings);
    }
  }

  /**
   * Whether /usr/local drifted from its generation's inventory, which forces a fresh build. The
   * check ran beside the fetch; a failure of it is this roll's failure at step "verify".
   */
  private boolean drifted(DriftCheck check) {
    String step = trace.step;
    trace.step = "verify";
    Drift.Result drift = check.result();
    trace.step = step;
    trace.drift = drift;
    trace.timings.put("drift", check.millis());
    boolean repair = drift != null && !drift.clean();
    if (repair) {
      err.println(
          "roll: /usr/local drifted from generation "
              + drift.generation()
              + " ("
              + String.join(", ", drift.paths())
              + "); building a fresh one");
    }
    return repair;
  }

  /** The last converged view, if it is the one the current generation was rolled from. */
  private Converged converged(OptionalInt current) {
    Converged last = Converged.read(layout);
    if (last != null
        && (current.isEmpty()
            || !last.describes(
                layout, o.server(), o.hostname(), o.failsafe(), current.getAsInt()))) {
      return null;
    }
    return last;
  }

  /**
   * The server's view is the one the current generation was rolled from (a 304): nothing to build,
   * render or restart, provided every service of the generation passes its check. Null when one
   * does not, so the caller rolls in full.
   */
  private RollReport unchanged(GenerationRecord.Head current, ServiceRunner runner) {
    long t = System.nanoTime();
    for (ServiceSpec s : current.services()) {
      if (!runner.healthy(s, current.generation())) {
        err.println("roll: service " + s.label() + " is not healthy; rolling in full");
        return null;
      }
    }
    trace.timings.put("check", RollTrace.ms(t));
    return new RollReport(
        current.hostname(),
        current.revision(),
        current.hostclass(),
        current.version(),
        current.generation(),
        false,
        false,
        current.packages().stream().map(Pin::ref).toList(),
        Plan.Changes.NONE,
        List.of(
            "nothing to do: the server's view is unchanged since generation "
                + current.generation()
                + " was rolled (304) and its services are healthy"),
        trace.timings);
  }

  /** Notes the view this roll converged on, so the next roll can stop at a 304. */
  private void remember(String etag, int generation) {
    try {
      Converged.write(
          layout,
          new Converged(etag, o.server().toString(), o.hostname(), o.failsafe(), generation));
    } catch (IOException e) {
      // Only the next roll's shortcut is lost.
      err.println(
          "roll: cannot write " + layout.converged() + ": " + Errors.reason(e, layout.converged()));
    }
  }
}
