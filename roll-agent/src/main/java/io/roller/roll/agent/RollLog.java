package io.roller.roll.agent;

import io.roller.roll.core.Layout;
import io.roller.roll.report.RollReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * /var/log/roller/roll.log: one line per roll naming host, revision, hostclass version, packages,
 * timings, outcome.
 */
public final class RollLog {
  private RollLog() {}

  public static void write(
      Layout layout, String host, RollReport r, String outcome, String reason, long totalMs) {
    write(layout, host, r, outcome, null, reason, totalMs);
  }

  /** A line naming also the step a failed roll stopped at. */
  public static void write(
      Layout layout,
      String host,
      RollReport r,
      String outcome,
      String step,
      String reason,
      long totalMs) {
    StringBuilder sb = new StringBuilder(Instant.now().toString()).append(" host=").append(host);
    if (r != null) {
      sb.append(" revision=")
          .append(r.revision())
          .append(" hostclass=")
          .append(r.hostclass())
          .append('/')
          .append(r.version())
          .append(" generation=")
          .append(r.generation() < 0 ? "none" : String.valueOf(r.generation()))
          .append(" changed=")
          .append(r.changed())
          .append(" packages=")
          .append(String.join(",", r.packages()));
      sb.append(
          r.timingsMs().entrySet().stream()
              .map(e -> " " + e.getKey() + "_ms=" + e.getValue())
              .collect(Collectors.joining()));
    }
    sb.append(" total_ms=").append(totalMs).append(" outcome=").append(outcome);
    if (step != null) {
      sb.append(" step=").append(step);
    }
    if (reason != null) {
      sb.append(" reason=\"").append(reason.replace("\"", "'").replace("\n", " ")).append('"');
    }
    sb.append('\n');
    try {
      Files.createDirectories(layout.rollLog().getParent());
      Files.writeString(
          layout.rollLog(),
          sb.toString(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // The log must never turn a converged host into a failed roll.
    }
  }

  static Map<String, Long> none() {
    return Map.of();
  }
}
