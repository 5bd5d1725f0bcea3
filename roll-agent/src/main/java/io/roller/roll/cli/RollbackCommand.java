package io.roller.roll.cli;

import io.roller.roll.Agent;
import io.roller.roll.Layout;
import io.roller.roll.RollException;
import io.roller.roll.RollReport;
import io.roller.roll.report.Reporter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code roll rollback}: back to the previous generation, stopping, switching and checking as a
 * roll does.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description =
        "Switch back to the previous generation: stop services, switch /usr/local, start and check "
            + "the old services (and return to the current one if they fail).")
final class RollbackCommand extends HostSubcommand implements Callable<Integer> {
  @Override
  public Integer call() {
    Reporter reporter = null;
    try {
      reporter = parent.reporter(opts(), parent.server(opts()));
    } catch (RollException e) {
      // no server known: roll back all the same, unreported
    }
    RollReport r =
        Agent.rollback(
            new Layout(opts().root()), Duration.ofSeconds(opts().lockWait()), parent.err, reporter);
    if (opts().json()) {
      Printer.json(parent.out, r);
    } else {
      parent.out.println(
          r.steps().get(0)
              + " (hostclass "
              + r.hostclass()
              + " "
              + r.version()
              + ", revision "
              + r.revision()
              + ")");
    }
    return 0;
  }
}
