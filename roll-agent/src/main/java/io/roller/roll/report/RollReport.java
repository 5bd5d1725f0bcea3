package io.roller.roll.report;

import io.roller.roll.plan.Plan;
import java.util.List;
import java.util.Map;

/** What a roll did, for stdout (text or --json) and roll.log. */
public record RollReport(
    String hostname,
    String revision,
    String hostclass,
    String version,
    int generation,
    boolean changed,
    boolean dryRun,
    List<String> packages,
    Plan.Changes changes,
    List<String> steps,
    Map<String, Long> timingsMs) {}
