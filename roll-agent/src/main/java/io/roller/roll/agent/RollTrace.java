package io.roller.roll.agent;

import io.roller.model.ResolvedHost;
import io.roller.roll.install.Drift;
import io.roller.roll.install.Executor;
import io.roller.roll.plan.Plan;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one roll got to and what it found, for its report and the trace a failure leaves (roll.log,
 * status, history): filled in as the roll goes, read once it is over.
 */
final class RollTrace {
  final Map<String, Long> timings = new LinkedHashMap<>();
  String step = "lock";
  ResolvedHost fetched;
  // the generation a changed plan builds or switches to
  Integer attempted;
  Executor executor;
  // the generation the roll started from, its plan, the drift it found
  Integer previous;
  Plan plan;
  Drift.Result drift;

  static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
