package io.roller.roll.agent;

import io.roller.roll.plan.GenerationRecord;
import io.roller.roll.plan.Pin;
import io.roller.roll.plan.Plan;
import io.roller.roll.plan.Step;
import io.roller.roll.report.RollReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A roll's report of its plan: what it ends on, what changes, its steps (as --dry-run lists). */
final class PlanReports {
  private PlanReports() {}

  static RollReport of(Plan plan, boolean dryRun, Map<String, Long> timings) {
    GenerationRecord t = plan.target();
    return new RollReport(
        t.hostname(),
        t.revision(),
        t.hostclass(),
        t.version(),
        t.generation(),
        plan.changed(),
        dryRun,
        t.packages().stream().map(Pin::ref).toList(),
        plan.changes(),
        plan.steps().stream().map(Step::describe).toList(),
        timings);
  }

  /** A dry run's report with the adoption a real roll would make first (null: none). */
  static RollReport withAdoption(RollReport r, String adoption) {
    if (adoption == null) {
      return r;
    }
    List<String> steps = new ArrayList<>(List.of(adoption));
    steps.addAll(r.steps());
    return new RollReport(
        r.hostname(),
        r.revision(),
        r.hostclass(),
        r.version(),
        r.generation(),
        r.changed(),
        r.dryRun(),
        r.packages(),
        r.changes(),
        steps,
        r.timingsMs());
  }
}
