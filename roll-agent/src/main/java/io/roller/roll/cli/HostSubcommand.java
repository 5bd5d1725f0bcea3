package io.roller.roll.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * A subcommand that acts on this host (status, history, rollback): it takes the host options after
 * its name as well as before, and reaches the parent's streams.
 */
abstract class HostSubcommand {
  @ParentCommand RollCommand parent;
  @Mixin HostOptions own = new HostOptions();

  /** The options given after the subcommand, falling back to those before it. */
  HostOptions opts() {
    HostOptions o = own.over(parent.host);
    parent.stacktrace |= o.stacktrace();
    return o;
  }
}
