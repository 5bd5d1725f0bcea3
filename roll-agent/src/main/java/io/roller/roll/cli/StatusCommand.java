package io.roller.roll.cli;

import io.roller.model.Report;
import io.roller.roll.agent.RollFailure;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollVersion;
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
    versionProvider = RollVersion.class,
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
      RollFailure lastFailure,
      Report lastRoll) {}

  record ServiceStatus(String service, String state) {}

  /** How status and rollback name generation 0, which no hostclass built. */
  static final String ADOPTED = "adopted from the host's /usr/local, no packages";

  @Override
  public Integer call() {
    Layout layout = new Layout(opts().root());
    Generations generations = new Generations(layout);
    boolean pending = Files.exists(layout.journal());
    GenerationRecord r = generations.current().isPresent() ? generations.currentRecord() : null;
    if (r == null) {
      if (opts().json()) {
        Printer.json(
            parent.out,
            new Status(
                null,
                null,
                null,
                null,
                null,
                false,
                null,
                List.of(),
                List.of(),
                pending,
                RollFailure.last(layout),
                Reporter.readLast(layout)));
      } else {
        parent.out.println("not rolled yet: " + layout.usrLocal() + " is not a roll generation");
        lastFailure(RollFailure.last(layout));
        lastRoll(RollFailure.last(layout), Reporter.readLast(layout));
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
            r.hostname() != null ? r.hostname() : hostname(generations),
            r.hostclass(),
            r.version(),
            r.revision(),
            r.failsafe(),
            r.builtAt(),
            r.packages().stream().map(Pin::ref).toList(),
            services,
            pending,
            RollFailure.last(layout),
            Reporter.readLast(layout));
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

  /** The host's name from another generation's record, for generation 0 which has none. */
  private static String hostname(Generations generations) {
    List<Integer> numbers = generations.complete();
    for (int i = numbers.size() - 1; i >= 0; i--) {
      GenerationRecord r = generations.record(numbers.get(i));
      if (r.hostname() != null) {
        return r.hostname();
      }
    }
    return null;
  }

  /**
   * The last roll's outcome from its report when it did not fail (a failure has its own line), e.g.
   * {@code last roll: repaired} with the paths it put back.
   */
  private void lastRoll(RollFailure failure, Report last) {
    if (failure != null || last == null || !last.ok()) {
      return;
    }
    parent.out.println(
        "last report: "
            + last.outcome()
            + " ("
            + last.time()
            + (last.generation() != null ? ", generation " + last.generation() : "")
            + ")"
            + (last.drift() != null && !last.drift().isEmpty()
                ? ", repaired " + String.join(", ", last.drift())
                : ""));
  }

  private void lastFailure(RollFailure f) {
    if (f != null) {
      parent.out.println("last roll " + f.describe() + " (" + f.time() + ")");
    }
  }

  private void text(Status st) {
    var out = parent.out;
    out.println(
        (st.hostname() == null ? "" : "host " + st.hostname() + ": ")
            + "generation "
            + st.generation()
            + (st.hostclass() == null
                ? " (" + ADOPTED + "), adopted "
                : " (hostclass "
                    + st.hostclass()
                    + " "
                    + st.version()
                    + ", revision "
                    + st.revision()
                    + (st.failsafe() ? ", failsafe" : "")
                    + "), built ")
            + st.builtAt());
    out.println(
        "packages: " + (st.packages().isEmpty() ? "none" : String.join(", ", st.packages())));
    st.services().forEach(s -> out.println("service " + s.service() + ": " + s.state()));
    if (st.rollPending()) {
      out.println("an interrupted roll is pending; the next roll finishes or undoes it");
    }
    lastFailure(st.lastFailure());
    lastRoll(st.lastFailure(), st.lastRoll());
  }
}
