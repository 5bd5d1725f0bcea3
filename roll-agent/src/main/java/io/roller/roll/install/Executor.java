package io.roller.roll.install;

import io.roller.roll.core.CrashHook;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import io.roller.roll.plan.GenerationRecord;
import io.roller.roll.plan.Journaled;
import io.roller.roll.plan.Plan;
import io.roller.roll.plan.Planner;
import io.roller.roll.plan.Step;
import io.roller.roll.plan.Undo;
import io.roller.roll.service.ServiceRunner;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a plan step by step, journaling the plan and its phase before each risky step so that a
 * roll (or rollback) killed anywhere leaves /usr/local on a complete generation and the next roll
 * ({@link #recover}) finishes or undoes it. A step that fails is undone by the steps {@link
 * Planner#undo} gives (a service that fails to start rolls the host back); a killed plan is
 * finished by the steps {@link Planner#finish} gives. What each step does is {@link StepActions}'.
 */
public final class Executor {
  private final Layout layout;
  private final Generations generations;
  private final ServiceRunner services;
  private final Journal journal;
  private final PrintStream log;
  private final Map<String, Long> timings = new LinkedHashMap<>();
  private String step = "recover";
  private boolean rolledBack;

  /**
   * @param log where to say what is happening, one line per step (stderr of the command)
   */
  public Executor(Layout layout, ServiceRunner services, PrintStream log) {
    this.layout = layout;
    this.generations = new Generations(layout);
    this.services = services;
    this.journal = new Journal(layout);
    this.log = log;
  }

  /** Milliseconds per step of the last {@link #apply}, for roll.log and the bench. */
  public Map<String, Long> timings() {
    return timings;
  }

  /** The step applied last (build, stop, switch, start, ...): where a failed roll stopped. */
  public String step() {
    return step;
  }

  /** Whether a failure switched the host back to the generation it came from. */
  public boolean rolledBack() {
    return rolledBack;
  }

  /** Applies a roll's or a rollback's plan; one that changes nothing is not journaled. */
  public void apply(Plan plan) {
    Journaled entry = plan.changed() ? plan.journaled(Instant.now().toString()) : null;
    if (entry != null) {
      journal.write(entry);
    }
    run(entry, plan.steps(), actions(plan.current(), plan.target()), true);
  }

  /**
   * Finishes or undoes a plan that was killed (see {@link Recovery}), after putting right a
   * /usr/local or journal that cannot be gone by.
   */
  public void recover() {
    new Recovery(layout, generations, journal, log, this).run();
  }

  /** Goes on with the plan the journal names, under its entry, with the steps given. */
  void resume(Journaled entry, List<Step> steps) {
    run(entry, steps, actions(null, null), false);
  }

  /** Steps that repair the host outside any plan: nothing journaled. */
  void repair(List<Step> steps) {
    run(null, steps, actions(null, null), false);
  }

  private StepActions actions(GenerationRecord current, GenerationRecord target) {
    return new StepActions(layout, generations, services, log, current, target);
  }

  /**
   * Runs {@code steps} in order: the journal notes each step's phase before it and goes with the
   * step that ends the plan. A plan's own steps ({@code timed}) are timed and named as where it got
   * to; the steps that finish or undo one are not.
   */
  private void run(Journaled entry, List<Step> steps, StepActions actions, boolean timed) {
    for (Step s : steps) {
      if (entry != null && s.phase() != null && s.phase() != entry.phase()) {
        entry = entry.at(s.phase());
        journal.write(entry);
      }
      try {
        perform(s, actions, timed);
      } catch (RollException e) {
        throw undone(entry, s, actions, e);
      } finally {
        rolledBack |= actions.rolledBack();
      }
      if (entry != null && s.endsJournal()) {
        journal.clear();
        entry = null;
      }
      String point = CRASH_POINTS.get(s.kind());
      if (point != null) {
        CrashHook.point(point);
      }
    }
  }

  /** Undoes what the failed step leaves, if the planner says how; the failure to report. */
  private RollException undone(Journaled entry, Step failed, StepActions actions, RollException e) {
    Undo undo =
        entry == null ? null : Planner.undo(entry, failed, actions.done(), generations::record);
    if (undo == null) {
      return e;
    }
    StepActions undoing = actions(null, null);
    try {
      run(entry, undo.steps(), undoing, false);
    } finally {
      rolledBack |= undoing.rolledBack();
    }
    return undo.because().isEmpty() ? e : new RollException(e.getMessage() + undo.because(), e);
  }

  private void perform(Step s, StepActions actions, boolean timed) {
    if (timed) {
      step = s.kind();
    }
    long t0 = System.nanoTime();
    try {
      s.accept(actions);
    } catch (StepActions.StepIo io) {
      throw new RollException(timed ? s.kind() + ": " + io.reason() : io.message(), io.cause);
    }
    if (timed) {
      timings.merge(s.kind(), (System.nanoTime() - t0) / 1_000_000, Long::sum);
    }
  }

  /** The {@link CrashHook} point after each kind of step, where the crash tests kill a roll. */
  private static final Map<String, String> CRASH_POINTS =
      Map.of(
          "build", "built",
          "reuse", "built",
          "stop", "stopped",
          "switch", "switched",
          "cron", "cron",
          "start", "started",
          "commit", "committed",
          "rollback-stop", "rollback-stopped",
          "rollback-switch", "rollback-switched");
}
