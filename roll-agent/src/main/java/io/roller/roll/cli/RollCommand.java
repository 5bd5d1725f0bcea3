package io.roller.roll.cli;

import io.roller.roll.Agent;
import io.roller.roll.RollException;
import io.roller.roll.RollOptions;
import io.roller.roll.RollReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code roll}: converge this host to its hostclass from the config server. */
@Command(
    name = "roll",
    mixinStandardHelpOptions = true,
    versionProvider = RollVersion.class,
    description =
        "Converge this host to its hostclass: fetch its resolved config, download packages, build a "
            + "new /usr/local generation, switch to it and restart services; roll back if a service fails.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:converged (or nothing to do; with --dry-run: nothing would change)",
      "1:failed; the host is left on a working generation",
      "2:usage error",
      "3:with --dry-run: something would change"
    },
    // Other owners add their subcommands here, one line each (roll package, roll validate).
    subcommands = {
      StatusCommand.class,
      HistoryCommand.class,
      RollbackCommand.class,
      io.roller.roll.pkg.PackageCommand.class,
      io.roller.roll.validate.ValidateCommand.class,
      io.roller.roll.impact.ImpactCommand.class,
      io.roller.roll.secret.SecretCommand.class,
    })
public final class RollCommand implements Callable<Integer> {
  /** The exit code of a dry run that found something to change (DESIGN section 4). */
  static final int WOULD_CHANGE = 3;

  @Spec CommandSpec spec;

  @Mixin HostOptions host = new HostOptions();

  @Option(names = "--failsafe", description = "Install the hostclass's failsafe package set.")
  boolean failsafe;

  @Option(
      names = "--dry-run",
      description = "Print what would change (packages, files, params, services); touch nothing.")
  boolean dryRun;

  @Option(
      names = "--force",
      description =
          "Build and restart even when nothing changed; a stop that times out kills the service"
              + " with SIGKILL.")
  boolean force;

  final Map<String, String> env;
  final PrintStream out;
  final PrintStream err;

  public RollCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  /** Whether --stacktrace was given, before or after a subcommand. */
  public boolean stacktrace() {
    return host.stacktrace() || stacktrace;
  }

  /** Set by a subcommand that saw --stacktrace after its name. */
  boolean stacktrace;

  @Override
  public Integer call() {
    RollReport report = new Agent(options(), err).roll();
    Printer.roll(out, report, host.json());
    // Like Puppet's --detailed-exitcodes, so a script can tell whether a roll would do anything.
    return dryRun && report.changed() ? WOULD_CHANGE : 0;
  }

  /** Makes roll's help and parser fit each subcommand (see HostSubcommand#unused). */
  public static void configure(picocli.CommandLine roll) {
    HostSubcommand.dropUnused(roll);
  }

  /** A --hostname the repo could hold; an upper-case one is a usage error that says lowercase. */
  private String checked(String name) {
    if (io.roller.model.Names.isHostname(name)) {
      return name;
    }
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        io.roller.model.Names.isHostname(lower)
            ? "bad --hostname '" + name + "': hostnames are lowercase (" + lower + ")"
            : "bad --hostname '"
                + name
                + "': want a DNS name, lowercase labels of a-z, 0-9 and '-' joined by dots");
  }

  RollOptions options() {
    return new RollOptions(
        server(),
        hostname(),
        host.root(),
        failsafe,
        dryRun,
        force,
        Duration.ofSeconds(host.lockWait()),
        Duration.ofSeconds(host.timeout()),
        3);
  }

  URI server() {
    String s = host.server;
    if (s == null || s.isBlank()) {
      s = env.get("ROLLER_SERVER");
    }
    if (s == null || s.isBlank()) {
      s = fromConf();
    }
    if (s == null || s.isBlank()) {
      throw new RollException(
          "no config server: pass --server, set ROLLER_SERVER or write 'server = URL' in "
              + host.root().resolve("etc/roller/roll.conf"));
    }
    try {
      URI uri = URI.create(s.endsWith("/") ? s : s + "/");
      if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
        throw new IllegalArgumentException("want http:// or https://");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new RollException("bad server URL '" + s + "': " + e.getMessage());
    }
  }

  private String fromConf() {
    Path conf = host.root().resolve("etc/roller/roll.conf");
    if (!Files.isRegularFile(conf)) {
      return null;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(conf)) {
      p.load(r);
    } catch (IOException e) {
      throw new RollException(
          "cannot read " + conf + ": " + io.roller.roll.Errors.reason(e, conf), e);
    }
    return p.getProperty("server");
  }

  String hostname() {
    if (host.hostname != null && !host.hostname.isBlank()) {
      return checked(host.hostname);
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String h = env.get("HOSTNAME");
      if (h != null && !h.isBlank()) {
        return h;
      }
      throw new RollException("cannot tell this host's name; pass --hostname");
    }
  }
}
