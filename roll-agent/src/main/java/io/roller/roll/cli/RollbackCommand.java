package io.roller.roll.cli;

import io.roller.roll.Agent;
import io.roller.roll.Layout;
import io.roller.roll.RollReport;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code roll rollback}: back to the previous generation, stopping, switching and checking as a roll does. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = "Switch back to the previous generation: stop services, switch /usr/local, start and check "
        + "the old services (and return to the current one if they fail).")
final class RollbackCommand implements Callable<Integer> {
  @ParentCommand RollCommand parent;
  @Mixin HostOptions own = new HostOptions();

  HostOptions opts() {
    HostOptions o = own.over(parent.host);
    parent.stacktrace |= o.stacktrace();
    return o;
  }

  @Override
  public Integer call() {
    RollReport r = Agent.rollback(new Layout(opts().root()), Duration.ofSeconds(opts().lockWait()), parent.err);
    if (opts().json()) {
      Printer.json(parent.out, r);
    } else {
      parent.out.println(r.steps().get(0) + " (hostclass " + r.hostclass() + " " + r.version() + ", revision "
          + r.revision() + ")");
    }
    return 0;
  }
}
