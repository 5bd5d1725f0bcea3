package io.roller.roll.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options shared by roll and its subcommands, mixed into each so they may come before or after the
 * subcommand ({@code roll --root D status} and {@code roll status --root D}). A mixin rather than
 * inherited options, so a subcommand from another owner may declare its own {@code --json}.
 */
public final class HostOptions {
  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Config server (default: $ROLLER_SERVER, else 'server' in <root>/etc/roller/roll.conf).")
  String server;

  @Option(
      names = "--hostname",
      paramLabel = "NAME",
      description = "This host's name in the config repo (default: the system's hostname).")
  String hostname;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description = "Root of the host; every path roll touches is under it (default: /).")
  Path root;

  @Option(names = "--json", description = "Print the result as JSON.")
  Boolean json;

  @Option(names = "--stacktrace", description = "Print stack traces of failures.")
  Boolean stacktrace;

  @Option(
      names = "--lock-wait",
      paramLabel = "SECONDS",
      converter = Count.class,
      description = "How long to wait for another roll to finish (default: 60).")
  Integer lockWait;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      converter = Count.Positive.class,
      description = "HTTP timeout; a download with no data for this long is retried (default: 30).")
  Integer timeout;

  /** This command's values, falling back to the parent command's, then to the defaults. */
  HostOptions over(HostOptions parent) {
    HostOptions m = new HostOptions();
    m.server = server != null ? server : parent.server;
    m.hostname = hostname != null ? hostname : parent.hostname;
    m.root = root != null ? root : parent.root;
    m.json = json != null ? json : parent.json;
    m.stacktrace = stacktrace != null ? stacktrace : parent.stacktrace;
    m.lockWait = lockWait != null ? lockWait : parent.lockWait;
    m.timeout = timeout != null ? timeout : parent.timeout;
    return m;
  }

  Path root() {
    return root == null ? Path.of("/") : root;
  }

  boolean json() {
    return Boolean.TRUE.equals(json);
  }

  boolean stacktrace() {
    return Boolean.TRUE.equals(stacktrace);
  }

  int lockWait() {
    return lockWait == null ? 60 : lockWait;
  }

  int timeout() {
    return timeout == null ? 30 : timeout;
  }
}
