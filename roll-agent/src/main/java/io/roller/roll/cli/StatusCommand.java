package io.roller.roll.cli;

import io.roller.model.Report;
import io.roller.roll.Layout;
import io.roller.roll.install.Generations;
import io.roller.roll.plan.GenerationRecord;
import io.roller.roll.plan.Pin;
import io.roller.roll.plan.ServiceSpec;
import io.roller.roll.report.Reporter;
import io.roller.roll.service.ServiceRunner;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code roll status}: the current generation, what it was rolled from, and whether its services
 * pass their checks.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show the current generation and the health of its services (exit 1 if a check fails).")
final class StatusCommand extends HostSubcommand implements Callable<Integer> {
  @Option(names = "--no-checks", description = "Do not run the services' checks.")
  boolean noChecks;

  /** The --json form. */
  record Status(
      Integer generation,
      String hostname,
      String hostclass,
      String version,
      String revision,
      boolean failsafe,
      String builtAt,
      List<String> packages,
      List<ServiceStatus> services,
      boolean rollPending,
      Report lastRoll) {}

  record ServiceStatus(String service, String state) {}

  @Override
  public Integer call() {
    Layout layout = new Layout(opts().root());
    Generations generations = new Generations(layout);
    boolean pending = Files.exists(layout.journal());
    GenerationRecord r = generations.current().isPresent() ? generations.currentRecord() : null;
    Report last = Reporter.readLast(layout);
    if (r == null) {
      if (opts().json()) {
        Printer.json(
            parent.out,
            new Status(
                null, null, null, null, null, false, null, List.of(), List.of(), pending, last));
      } else {
        parent.out.println("not rolled yet: " + layout.usrLocal() + " is not a roll generation");
        lastRoll(last);
      }
      return 0;
    }
    ServiceRunner runner = new ServiceRunner(layout, r.hostname() == null ? "" : r.hostname());
    List<ServiceStatus> services = new ArrayList<>();
    boolean healthy = true;
    for (ServiceSpec s : r.services()) {
      String state =
          noChecks || s.check() == null
              ? "unchecked"
              : runner.healthy(s, r.generation()) ? "healthy" : "failing";
      healthy &= !state.equals("failing");
      services.add(new ServiceStatus(s.label(), state));
    }
    Status st =
        new Status(
            r.generation(),
            r.hostname(),
            r.hostclass(),
            r.version(),
            r.revision(),
            r.failsafe(),
            r.builtAt(),
            r.packages().stream().map(Pin::ref).toList(),
            services,
            pending,
            last);
    if (opts().json()) {
      Printer.json(parent.out, st);
    } else {
      text(st);
    }
    if (!healthy) {
      parent.err.println("roll: some services fail their checks");
    }
    return healthy ? 0 : 1;
  }

  /** The last roll's outcome from its report, failed ones included. */
  private void lastRoll(Report last) {
    if (last == null) {
      return;
    }
    parent.out.println(
        "last roll: "
            + last.outcome()
            + " at "
            + last.time()
            + (last.generation() != null ? ", generation " + last.generation() : "")
            + (last.failedStep() != null ? ", failed at " + last.failedStep() : "")
            + (last.reason() != null ? ": " + last.reason() : "")
            + (last.drift() != null && !last.drift().isEmpty()
                ? ", repaired " + String.join(", ", last.drift())
                : ""));
  }

  private void text(Status st) {
    var out = parent.out;
    out.println(
        "host "
            + st.hostname()
            + ": generation "
            + st.generation()
            + " (hostclass "
            + st.hostclass()
            + " "
            + st.version()
            + ", revision "
            + st.revision()
            + (st.failsafe() ? ", failsafe" : "")
            + "), built "
            + st.builtAt());
    out.println(
        "packages: " + (st.packages().isEmpty() ? "none" : String.join(", ", st.packages())));
    st.services().forEach(s -> out.println("service " + s.service() + ": " + s.state()));
    lastRoll(st.lastRoll());
    if (st.rollPending()) {
      out.println("an interrupted roll is pending; the next roll finishes or undoes it");
    }
  }
}
