package io.roller.roll.cli;

import io.roller.common.RollConf;
import io.roller.roll.agent.Agent;
import io.roller.roll.agent.RollOptions;
import io.roller.roll.agent.WarmUp;
import io.roller.roll.core.Environment;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import io.roller.roll.core.RollVersion;
import io.roller.roll.report.Reporter;
import io.roller.roll.report.RollReport;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    })
public final class RollCommand implements Callable<Integer>, Environment {
  /**
   * roll's subcommands, added by {@link #commandLine} only when the command line may name one or
   * asks for help: picocli builds a command's model by reflection, and the subcommands' models were
   * most of a plain roll's start (cron's {@code roll}). Other owners add theirs here, one line
   * each.
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          StatusCommand.class,
          HistoryCommand.class,
          RollbackCommand.class,
          VerifyCommand.class,
          io.roller.roll.pkg.PackageCommand.class,
          io.roller.roll.validate.ValidateCommand.class,
          io.roller.roll.impact.ImpactCommand.class,
          io.roller.roll.secret.SecretCommand.class);

  /**
   * The names and aliases of {@link #SUBCOMMANDS}, as text: reading them from the annotations made
   * a plain roll parse eight classes' annotations it never uses (CliTest keeps the two in step).
   */
  static final java.util.Set<String> SUBCOMMAND_NAMES =
      java.util.Set.of(
          "status", "history", "rollback", "verify", "package", "validate", "impact", "secret");

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

  @Option(
      names = "--splay",
      paramLabel = "DURATION",
      converter = SplayConverter.class,
      description =
          "Sleep a random time up to this (e.g. 5m) before rolling, so a fleet's cron rolls do not"
              + " all hit the server at once.")
  Duration splay;

  @Option(
      names = "--quiet",
      description = "Print nothing when nothing changed (for cron, which mails any output).")
  boolean quiet;

  final Map<String, String> env;
  final PrintStream out;
  final PrintStream err;

  public RollCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  @Override
  public Map<String, String> environment() {
    return env;
  }

  /** Whether --stacktrace was given, before or after a subcommand. */
  public boolean stacktrace() {
    return host.stacktrace() || stacktrace;
  }

  /** Set by a subcommand that saw --stacktrace after its name. */
  boolean stacktrace;

  @Override
  public Integer call() {
    RollOptions o = options();
    splay();
    RollReport report = new Agent(o, err).reportingTo(dryRun ? null : reporter(o.server())).roll();
    if (!(quiet && !report.changed())) {
      Printer.roll(out, report, host.json());
    }
    // Like Puppet's --detailed-exitcodes, so a script can tell whether a roll would do anything.
    return dryRun && report.changed() ? WOULD_CHANGE : 0;
  }

  private void splay() {
    if (splay == null || splay.isZero()) {
      return;
    }
    long ms = java.util.concurrent.ThreadLocalRandom.current().nextLong(splay.toMillis() + 1);
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RollException("interrupted during --splay");
    }
  }

  /** 30s, 5m, 1h; a bare number is seconds. */
  static final class SplayConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return io.roller.model.Durations.parse(value, false);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * The command line that parses {@code args} as one with every subcommand would: without the
   * subcommands when no argument is one of their names and the arguments parse as a plain roll that
   * asks for no usage help (whose text lists them), else with all of them.
   */
  public static picocli.CommandLine commandLine(
      java.util.function.Supplier<RollCommand> roots, String... args) {
    if (!namesSubcommand(args)) {
      // a roll: its first file reads overlap picocli's first parse, on the second core
      WarmUp.json();
      picocli.CommandLine plain = new picocli.CommandLine(roots.get());
      try {
        if (!plain.parseArgs(args).isUsageHelpRequested()) {
          return plain;
        }
      } catch (picocli.CommandLine.ParameterException e) {
        // what the full command line says of these arguments may differ (it suggests subcommands)
      }
    }
    picocli.CommandLine full = new picocli.CommandLine(roots.get());
    SUBCOMMANDS.forEach(full::addSubcommand);
    HostSubcommand.dropUnused(full);
    versions(full);
    return full;
  }

  private static boolean namesSubcommand(String... args) {
    for (String arg : args) {
      if (SUBCOMMAND_NAMES.contains(arg)) {
        return true;
      }
    }
    return false;
  }

  /** -V prints roll's version on every subcommand, also ones that declare no version of theirs. */
  private static void versions(picocli.CommandLine cl) {
    for (picocli.CommandLine sub : cl.getSubcommands().values()) {
      var spec = sub.getCommandSpec();
      if (spec.version().length == 0 && spec.versionProvider() == null) {
        spec.versionProvider(new RollVersion());
      }
      versions(sub);
    }
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
    return server(host);
  }

  /** The server of these options: --server, $ROLLER_SERVER, or roll.conf. */
  URI server(HostOptions host) {
    RollConf conf = conf(host);
    String s =
        conf.server(host.server, env)
            .orElseThrow(() -> new RollException("no config server: " + conf.noServerHint()));
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

  private static RollConf conf(HostOptions host) {
    try {
      return RollConf.read(host.root());
    } catch (UncheckedIOException e) {
      throw new RollException(e.getMessage(), e);
    }
  }

  /** Sends this host's reports to {@code server}, with roll.conf's report_token_file if any. */
  Reporter reporter(URI server) {
    return reporter(host, server);
  }

  Reporter reporter(HostOptions host, URI server) {
    String tokenFile = conf(host).get("report_token_file");
    return new Reporter(
        new Layout(host.root()),
        server,
        Reporter.token(
            tokenFile == null ? null : host.root().resolve(tokenFile.replaceFirst("^/+", "")), err),
        err);
  }

  String hostname() {
    RollConf conf = conf(host);
    // the name given, or the one the bootstrap wrote, so later rolls ask for the same host
    boolean given =
        !(host.hostname == null || host.hostname.isBlank()) || conf.get("hostname") != null;
    String h =
        conf.hostname(host.hostname, env)
            .orElseThrow(() -> new RollException("cannot tell this host's name; pass --hostname"));
    return given ? checked(h) : h;
  }
}
