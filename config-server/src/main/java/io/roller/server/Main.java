package io.roller.server;

import io.roller.model.Durations;
import io.roller.server.bootstrap.AgentBundle;
import io.roller.server.packages.PackageOptions;
import io.roller.server.reports.ReportOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** The {@code config-server} command. */
@Command(
    name = "config-server",
    mixinStandardHelpOptions = true,
    version = "config-server 1.0.0",
    description =
        "Serves curl-able views of a git config repo (committed content of one branch) and stores packages.",
    exitCodeOnInvalidInput = 2,
    exitCodeOnExecutionException = 1)
public final class Main implements Callable<Integer> {
  @Option(
      names = "--repo",
      required = true,
      paramLabel = "PATH|URL",
      description =
          "Config repo: a local path (bare or not) or a remote URL (cloned into --cache-dir).")
  String repo;

  @Option(
      names = "--branch",
      defaultValue = "main",
      paramLabel = "BRANCH",
      description = "Branch to serve (default: ${DEFAULT-VALUE}).")
  String branch;

  @Option(
      names = "--port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description = "Port (0 = any free port; default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "0.0.0.0",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--poll",
      defaultValue = "30s",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How often to fetch a remote repo or re-read the branch, e.g. 30s, 5m, 0 = never (default: ${DEFAULT-VALUE}).")
  Duration poll;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description = "Where remote repos are cloned (default: $TMPDIR/roller-config-server).")
  Path cacheDir;

  @Option(
      names = "--packages-dir",
      paramLabel = "DIR",
      defaultValue = "/var/lib/roller-server/packages",
      description = "Package store, and local cache when S3 is on (default: ${DEFAULT-VALUE}).")
  Path packagesDir;

  @Option(
      names = "--s3-bucket",
      paramLabel = "BUCKET",
      description = "S3 bucket holding packages (S3 is then the source of truth).")
  String s3Bucket;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description = "S3 endpoint URL (for S3-compatible stores).")
  URI s3Endpoint;

  @Option(names = "--s3-region", paramLabel = "REGION", description = "S3 region.")
  String s3Region;

  @Option(
      names = "--s3-prefix",
      paramLabel = "PREFIX",
      description = "Key prefix of packages in the bucket.")
  String s3Prefix;

  @Option(
      names = "--upload-token-file",
      paramLabel = "FILE",
      description = "File holding the bearer token for uploads (none: uploads refused).")
  Path uploadTokenFile;

  @Option(
      names = "--agent-bundle",
      paramLabel = "FILE",
      description =
          "The roll bundle (roll-agent/target/roll-bundle.tar.gz) that GET /bootstrap installs on blank hosts.")
  Path agentBundle;

  @Option(
      names = "--reports-dir",
      paramLabel = "DIR",
      defaultValue = "/var/lib/roller-server/reports",
      description = "Where fleet reports live when S3 is off (default: ${DEFAULT-VALUE}).")
  Path reportsDir;

  @Option(
      names = "--report-token-file",
      paramLabel = "FILE",
      description = "File holding the bearer token a report must carry (none: reports need none).")
  Path reportTokenFile;

  @Option(
      names = "--report-stale",
      defaultValue = "1h",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "A host with no report for this long is stale in /fleet (default: ${DEFAULT-VALUE}).")
  Duration reportStale;

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      converter = PublicUrlConverter.class,
      description =
          "The URL hosts reach this server at, written into GET /bootstrap's script and roll.conf"
              + " (default: http://HOSTNAME:PORT with this machine's name, or the --bind address when"
              + " bound to one); never taken from a request's Host header.")
  String publicUrl;

  @Option(
      names = "--refresh-token-file",
      paramLabel = "FILE",
      description =
          "File holding the token POST /refresh then requires: as a bearer token, or the secret of"
              + " a GitHub (X-Hub-Signature-256) or GitLab (X-Gitlab-Token) webhook (none: anyone"
              + " may refresh).")
  Path refreshTokenFile;

  private final CountDownLatch stopped;

  Main(CountDownLatch stopped) {
    this.stopped = stopped;
  }

  /** Runs the command; returns the exit code (0 after a clean stop, 1 failure, 2 usage). */
  public static int run(PrintWriter out, PrintWriter err, CountDownLatch stop, String... args) {
    CommandLine cl = new CommandLine(new Main(stop));
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("config-server: " + e.getMessage());
          cmd.getErr().flush();
          return 1;
        });
    return cl.execute(args);
  }

  /**
   * A usage error in one line (plus picocli's "did you mean" when it has one) and a pointer to
   * --help, exit 2. An unknown option is named before any missing one: {@code --prot 8080} misses
   * --repo only because --port was misspelt.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    CommandLine.ParameterException shown = e;
    List<String> unknown =
        cl.getUnmatchedArguments().stream().filter(a -> a.startsWith("-")).toList();
    if (!unknown.isEmpty()) {
      // Name the options only: the value after a misspelt option is no mistake of its own.
      shown = new CommandLine.UnmatchedArgumentException(cl, unknown);
    }
    err.println("config-server: " + shown.getMessage());
    if (shown instanceof CommandLine.UnmatchedArgumentException u) {
      CommandLine.UnmatchedArgumentException.printSuggestions(u, err);
    }
    err.println("Try 'config-server --help' for the options.");
    err.flush();
    return cl.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** Runs until the JVM stops (Ctrl-C, SIGTERM). */
  public static int run(String... args) {
    return run(
        new PrintWriter(System.out, true),
        new PrintWriter(System.err, true),
        new CountDownLatch(1),
        args);
  }

  public static void main(String[] args) {
    // SIGTERM (systemd stop, kill) and Ctrl-C are the normal way to stop a server: exit 0 with the
    // shutdown hook closing it, rather than the JVM's default 143 and 130.
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), s -> System.exit(0));
    }
    System.exit(run(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    ServerOptions o =
        new ServerOptions(
            repo,
            branch,
            bind,
            port,
            poll,
            cacheDir,
            new PackageOptions(
                packagesDir, s3Bucket, s3Endpoint, s3Region, s3Prefix, uploadTokenFile),
            agentBundle,
            publicUrl,
            refreshTokenFile,
            new ReportOptions(reportsDir, reportTokenFile, reportStale));
    ConfigServer server = ConfigServer.start(o);
    Thread hook =
        new Thread(
            () -> {
              closeWithin(server, STOP_WAIT);
              stopped.countDown();
            },
            "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      server.close();
    } catch (IllegalStateException e) {
      // the JVM is shutting down and the hook closes the server
    }
    return 0;
  }

  /** A URL fit for the bootstrap script: http(s), a host, maybe a port and a path. */
  static final class PublicUrlConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String url = value.replaceAll("/+$", "");
      if (!AgentBundle.PUBLIC_URL.matcher(url).matches()) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "': want http(s)://HOST[:PORT][/PATH]");
      }
      return url;
    }
  }

  /** How long SIGTERM waits for requests in flight before the JVM halts anyway. */
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /**
   * Closes the server in a daemon thread and waits at most {@code wait}: a handler stuck in a
   * runaway request (or a JVM short of heap) must not keep SIGTERM from stopping the process.
   */
  static void closeWithin(ConfigServer server, Duration wait) {
    Thread t = new Thread(server::close, "close");
    t.setDaemon(true);
    t.start();
    try {
      t.join(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** 30s, 5m, 1h, 250ms, or a bare number of seconds. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return duration(value);
    }
  }

  static Duration duration(String s) {
    try {
      return Durations.parse(s, false);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
