package io.roller.roll.cli;

import io.roller.roll.agent.Rollback;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import io.roller.roll.core.RollVersion;
import io.roller.roll.report.Reporter;
import io.roller.roll.report.RollReport;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code roll rollback}: back to the previous generation, stopping, switching and checking as a
 * roll does.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    versionProvider = RollVersion.class,
    description =
        "Switch back to the previous generation (or --to N): stop services, switch /usr/local, start and check "
            + "the old services (and return to the current one if they fail).")
final class RollbackCommand extends HostSubcommand implements Callable<Integer> {
  @Option(
      names = "--to",
      paramLabel = "N",
      converter = Count.class,
      description = "The generation to switch to (default: the one before the current one).")
  Integer to;

  @Override
  java.util.Set<String> unused() {
    return java.util.Set.of("--server", "--hostname", "--timeout");
  }

  @Override
  public Integer call() {
    // The report goes to roll's --server (before the subcommand), $ROLLER_SERVER or roll.conf's.
    Reporter reporter = null;
    try {
      reporter = parent.reporter(opts(), parent.server(opts()));
    } catch (RollException e) {
      // no server known: roll back all the same, unreported
    }
    RollReport r =
        new Rollback(new Layout(opts().root()), Duration.ofSeconds(opts().lockWait()), parent.err)
            .run(to, reporter);
    if (opts().json()) {
      Printer.json(parent.out, r);
    } else {
      parent.out.println(
          r.steps().get(0)
              + (r.hostclass() == null
                  ? " (" + StatusCommand.ADOPTED + ")"
                  : " (hostclass "
                      + r.hostclass()
                      + " "
                      + r.version()
                      + ", revision "
                      + r.revision()
                      + ")"));
    }
    return 0;
  }
}
