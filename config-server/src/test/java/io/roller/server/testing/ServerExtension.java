package io.roller.server.testing;

import io.javalin.Javalin;
import io.roller.server.ServerOptions;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.packages.PackageOptions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The route tests' fixture: a real git repo in a fresh temp dir, a real config server serving it on
 * a random loopback port, and {@link Http} to that server. Register it with
 * {@code @RegisterExtension}: on a static field the repo and server live for the class, on an
 * instance field each test gets its own. The temp dir is deleted afterwards.
 *
 * <pre>
 * &#64;RegisterExtension final ServerExtension fleet = ServerExtension.exampleFleet();
 * ...
 * fleet.http().getJson("/host/web01.nyc1/resolved");
 * fleet.repo().write("colo/nyc1.yml", "...").commit("..."); fleet.refresh();
 * </pre>
 */
public final class ServerExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private final Consumer<TestRepo> seed;
  private final boolean copyExampleFleet;
  private boolean packages;
  private boolean inS3;
  private boolean cloned;
  private UnaryOperator<ServerOptions> options = UnaryOperator.identity();
  private PackageCatalog catalog;
  private Consumer<Javalin> extraRoutes = app -> {};

  private boolean perClass;
  private Path dir;
  private TestRepo repo;
  private S3ProxyProcess s3;
  private RunningServer server;

  private ServerExtension(boolean copyExampleFleet, Consumer<TestRepo> seed) {
    this.copyExampleFleet = copyExampleFleet;
    this.seed = seed;
  }

  /** The project's example fleet ({@code config-repo/}) in one commit. */
  public static ServerExtension exampleFleet() {
    return new ServerExtension(true, repo -> {});
  }

  /** The example fleet, then {@code seed}'s changes (it commits them) before the server starts. */
  public static ServerExtension exampleFleet(Consumer<TestRepo> seed) {
    return new ServerExtension(true, seed);
  }

  /**
   * An empty repo that {@code seed} fills and commits before the server starts (a server needs a
   * commit on main).
   */
  public static ServerExtension repo(Consumer<TestRepo> seed) {
    return new ServerExtension(false, seed);
  }

  /** The bucket {@link #withS3} keeps packages and reports in. */
  public static final String S3_BUCKET = "roller-test";

  /** The key prefix in {@link #S3_BUCKET}. */
  public static final String S3_PREFIX = "pkgs";

  /**
   * With a local package store in {@code dir()/server} that takes uploads with {@link
   * RunningServer#UPLOAD_TOKEN}, as {@link RunningServer#withPackages}.
   */
  public ServerExtension withPackages() {
    this.packages = true;
    return this;
  }

  /**
   * With the package store in a bucket ({@link #S3_BUCKET}, prefix {@link #S3_PREFIX}) of a real S3
   * (S3Proxy, started for the fixture and stopped after it), cached in {@code dir()/server}.
   */
  public ServerExtension withS3() {
    this.packages = true;
    this.inS3 = true;
    return this;
  }

  /** Serves the repo through its file:// URL, so the server clones and fetches it as a remote. */
  public ServerExtension cloned() {
    this.cloned = true;
    return this;
  }

  /** Changes the server's options (from {@link ServerOptions#forTest}) before it starts. */
  public ServerExtension withOptions(UnaryOperator<ServerOptions> change) {
    this.options = Objects.requireNonNull(change);
    return this;
  }

  /**
   * A package catalog of the test's own and extra routes (they may call {@link #server()}: they run
   * once it has started).
   */
  public ServerExtension withCatalog(PackageCatalog catalog, Consumer<Javalin> extraRoutes) {
    this.catalog = Objects.requireNonNull(catalog);
    this.extraRoutes = Objects.requireNonNull(extraRoutes);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    setUp();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      setUp();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      tearDown();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (perClass) {
      tearDown();
    }
  }

  private void setUp() {
    dir = TempDirs.create("roller-server-test");
    repo =
        copyExampleFleet
            ? TestRepo.exampleFleet(dir.resolve("repo"))
            : TestRepo.empty(dir.resolve("repo"));
    seed.accept(repo);
    if (inS3) {
      s3 = S3ProxyProcess.startWithBucket(dir.resolve("s3proxy"), S3_BUCKET);
    }
    server = start(dir.resolve("cache"), dir.resolve("server/packages"), options);
  }

  private RunningServer start(Path cache, Path packageCache, UnaryOperator<ServerOptions> change) {
    ServerOptions o = ServerOptions.forTest(repo.path(), cache);
    if (cloned) {
      o = o.withRepo(repo.url());
    }
    if (packages) {
      o = o.withPackages(packageStore(packageCache));
    }
    o = change.apply(o);
    return catalog == null ? RunningServer.start(o) : RunningServer.start(o, catalog, extraRoutes);
  }

  private PackageOptions packageStore(Path packageCache) {
    Path token = RunningServer.writeUploadToken(dir.resolve("server"));
    return inS3
        ? new PackageOptions(
            packageCache, S3_BUCKET, s3.endpoint(), S3ProxyProcess.REGION, S3_PREFIX, token)
        : new PackageOptions(packageCache, null, null, null, null, token);
  }

  /**
   * Stops the server (if {@link #stop} has not) and starts another on the same repo, cache and
   * package store with the registered options changed again by {@code change} (e.g. a poll interval
   * for one test).
   */
  public RunningServer restart(UnaryOperator<ServerOptions> change) {
    running(dir);
    if (server != null) {
      server.close();
      server = null; // a failed start leaves nothing to close twice
    }
    server =
        start(
            dir.resolve("cache"),
            dir.resolve("server/packages"),
            o -> change.apply(options.apply(o)));
    return server;
  }

  /**
   * Another server on the same repo, options and package store (a second datacenter's, with its own
   * caches in {@code dir()/name}); the caller closes it.
   */
  public RunningServer another(String name) {
    Path own = dir().resolve(name);
    return start(own.resolve("cache"), own.resolve("packages"), options);
  }

  /** Stops the server, for tests of what clients do while it is down. */
  public void stop() {
    server().close();
    server = null;
  }

  private void tearDown() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      server = null;
      if (s3 != null) {
        s3.close();
        s3 = null;
      }
      if (repo != null) {
        repo.close();
        repo = null;
      }
      TempDirs.delete(dir);
      dir = null;
    }
  }

  public TestRepo repo() {
    return running(repo);
  }

  public RunningServer server() {
    return running(server);
  }

  /** The S3 of {@link #withS3}, to arrange or inspect the bucket or to stop it mid-test. */
  public S3ProxyProcess s3() {
    if (!inS3) {
      throw new IllegalStateException("no S3: register the fixture withS3()");
    }
    return running(s3);
  }

  /** HTTP to the running server: paths are appended to its URL. */
  public Http http() {
    return server().http();
  }

  public String url() {
    return server().url();
  }

  /** The fixture's temp dir (repo/, cache/, server/), for a test's own files too. */
  public Path dir() {
    return running(dir);
  }

  /** Commits what the test wrote and makes the server load it ({@code POST /refresh}). */
  public String commitAndRefresh(String message) {
    String rev = repo().commit(message);
    refresh();
    return rev;
  }

  /** {@code POST /refresh}, asserting that it loaded. */
  public void refresh() {
    HttpResponse<String> r = http().post("/refresh");
    if (r.statusCode() != 200) {
      throw new AssertionError("POST /refresh answered " + r.statusCode() + ": " + r.body());
    }
  }

  private static <T> T running(T part) {
    if (part == null) {
      throw new IllegalStateException(
          "the server fixture is not running: register it with @RegisterExtension");
    }
    return part;
  }
}
