package io.roller.server;

import io.roller.model.Durations;
import io.roller.server.packages.PackageOptions;
import io.roller.server.reports.ReportOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
      description = "Branch to serve (default: ${DEFAULT-VALUE}).")
  String branch;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port (0 = any free port; default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "0.0.0.0",
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
      description = "S3 bucket holding packages (S3 is then the source of truth).")
  String s3Bucket;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description = "S3 endpoint URL (for S3-compatible stores).")
  URI s3Endpoint;

  @Option(names = "--s3-region", description = "S3 region.")
  String s3Region;

  @Option(names = "--s3-prefix", description = "Key prefix of packages in the bucket.")
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

  private final CountDownLatch stopped;

  Main(CountDownLatch stopped) {
    this.stopped = stopped;
  }

  /** Runs the command; returns the exit code (0 after a clean stop, 1 failure, 2 usage). */
  public static int run(PrintWriter out, PrintWriter err, CountDownLatch stop, String... args) {
    CommandLine cl = new CommandLine(new Main(stop));
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("config-server: " + e.getMessage());
          cmd.getErr().flush();
          return 1;
        });
    return cl.execute(args);
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
            new ReportOptions(reportsDir, reportTokenFile, reportStale));
    ConfigServer server = ConfigServer.start(o);
    Thread hook =
        new Thread(
            () -> {
              server.close();
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
