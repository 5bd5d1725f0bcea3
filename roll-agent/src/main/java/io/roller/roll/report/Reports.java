package io.roller.roll.report;

import io.roller.model.Report;
import java.time.Instant;
import java.util.List;

/** Builds the report of one roll from what the roll knows. */
public final class Reports {
  static final String ROLL_VERSION =
      "roll "
          + (Reports.class.getPackage().getImplementationVersion() != null
              ? Reports.class.getPackage().getImplementationVersion()
              : "1.0.0");

  private Reports() {}

  /**
   * @param r what the roll did (null when it failed before it knew)
   * @param desired the host's desired-state id the roll was on, or null
   * @param generation the generation the host is on now
   */
  public static Report of(
      String hostname,
      String outcome,
      RollReport r,
      String revision,
      String desired,
      Integer generation,
      Integer previous,
      List<String> restarted,
      long durationMs,
      String failedStep,
      String reason,
      List<String> drift) {
    return new Report(
        hostname,
        Instant.now().toString(),
        null,
        outcome,
        r != null ? r.revision() : revision,
        desired,
        r != null ? r.hostclass() : null,
        r != null ? r.version() : null,
        generation,
        previous,
        r != null ? r.packages() : null,
        restarted,
        durationMs,
        failedStep,
        reason == null || reason.length() <= 4000 ? reason : reason.substring(0, 4000),
        drift,
        ROLL_VERSION);
  }
}
