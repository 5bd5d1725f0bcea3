package io.roller.roll.cli;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * A subcommand that acts on this host (status, history, rollback): it takes the host options after
 * its name as well as before, and reaches the parent's streams.
 */
abstract class HostSubcommand {
  @ParentCommand RollCommand parent;
  @Mixin HostOptions own = new HostOptions();

  /**
   * The host options this subcommand does not use: they are dropped from its help and its parser,
   * so its help lists only what it honours and giving one is a usage error rather than ignored.
   */
  Set<String> unused() {
    return Set.of("--server", "--hostname", "--lock-wait", "--timeout");
  }

  /** Applies {@link #unused} to every such subcommand of roll. */
  static void dropUnused(CommandLine roll) {
    for (CommandLine sub : roll.getSubcommands().values()) {
      if (sub.getCommand() instanceof HostSubcommand h) {
        for (String name : h.unused()) {
          var option = sub.getCommandSpec().findOption(name);
          if (option != null) {
            sub.getCommandSpec().remove(option);
          }
        }
      }
    }
  }

  /** The options given after the subcommand, falling back to those before it. */
  HostOptions opts() {
    HostOptions o = own.over(parent.host);
    parent.stacktrace |= o.stacktrace();
    return o;
  }
}
