package io.roller.roll.cli;

import io.roller.model.Secret;
import io.roller.roll.core.Json;
import io.roller.roll.plan.Plan;
import io.roller.roll.report.RollReport;
import java.io.PrintStream;
import java.util.List;

/** Formats results for people (short lines) or scripts (--json). */
final class Printer {
  private Printer() {}

  /** One line, newline-terminated, whatever the command (scripts read it line by line). */
  static void json(PrintStream out, Object value) {
    out.println(Json.line(value));
  }

  static void roll(PrintStream out, RollReport r, boolean json) {
    if (json) {
      json(out, r);
      return;
    }
    String what =
        r.hostname()
            + " (hostclass "
            + r.hostclass()
            + " "
            + r.version()
            + ", revision "
            + r.revision()
            + ")";
    if (r.dryRun()) {
      out.println(
          r.changed()
              ? "would roll " + what + " to generation " + r.generation()
              : "nothing to do for "
                  + what
                  + ": generation "
                  + r.generation()
                  + " already matches");
      changes(out, r.changes());
      out.println("steps:");
      for (int i = 0; i < r.steps().size(); i++) {
        out.println("  " + (i + 1) + ". " + r.steps().get(i));
      }
      return;
    }
    long total = r.timingsMs().values().stream().mapToLong(Long::longValue).sum();
    out.println(
        r.changed()
            ? "converged " + what + " on generation " + r.generation() + " in " + total + " ms"
            : "already converged "
                + what
                + " on generation "
                + r.generation()
                + "; nothing restarted");
  }

  private static void changes(PrintStream out, Plan.Changes c) {
    list(out, "packages added", c.packagesAdded());
    list(out, "packages removed", c.packagesRemoved());
    if (!c.params().isEmpty()) {
      out.println("params changed:");
      c.params().forEach(p -> out.println("  " + p.key() + ": " + paramChange(p)));
    }
    if (!c.files().isEmpty()) {
      out.println("files:");
      for (Plan.FileChange f : c.files()) {
        out.println("  " + f.change() + " " + f.path());
        if (f.diff() != null) {
          f.diff().lines().forEach(l -> out.println("    " + l));
        }
      }
    }
    list(out, "services to stop", c.servicesStopped());
    list(out, "services to start", c.servicesStarted());
  }

  /** A secret says only that it changed; its sha256 is in --json. */
  private static String paramChange(Plan.ParamChange p) {
    if (Secret.isView(p.from()) || Secret.isView(p.to())) {
      return p.from() == null
          ? "secret added"
          : p.to() == null ? "secret removed" : "secret changed";
    }
    return p.from() + " -> " + p.to();
  }

  private static void list(PrintStream out, String label, List<String> items) {
    if (!items.isEmpty()) {
      out.println(label + ": " + String.join(", ", items));
    }
  }
}
