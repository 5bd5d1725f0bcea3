package io.roller.server.testing;

import io.javalin.Javalin;
import io.roller.server.ServerOptions;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.packages.PackageOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
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
  private boolean cloned;
  private UnaryOperator<ServerOptions> options = UnaryOperator.identity();
  private PackageCatalog catalog;
  private Consumer<Javalin> extraRoutes = app -> {};

  private boolean perClass;
  private Path dir;
  private TestRepo repo;
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

  /**
   * With a local package store in {@code dir()/server} that takes uploads with {@link
   * RunningServer#UPLOAD_TOKEN}, as {@link RunningServer#withPackages}.
   */
  public ServerExtension withPackages() {
    this.packages = true;
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
    try {
      dir = Files.createTempDirectory("roller-server-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    repo =
        copyExampleFleet
            ? TestRepo.exampleFleet(dir.resolve("repo"))
            : TestRepo.empty(dir.resolve("repo"));
    seed.accept(repo);
    server = start(options);
  }

  private RunningServer start(UnaryOperator<ServerOptions> change) {
    ServerOptions o = ServerOptions.forTest(repo.path(), dir.resolve("cache"));
    if (cloned) {
      o = o.withRepo(repo.url());
    }
    if (packages) {
      o = o.withPackages(packageStore());
    }
    o = change.apply(o);
    return catalog == null ? RunningServer.start(o) : RunningServer.start(o, catalog, extraRoutes);
  }

  private PackageOptions packageStore() {
    try {
      Path store = Files.createDirectories(dir.resolve("server"));
      Path token =
          Files.writeString(store.resolve("upload-token"), RunningServer.UPLOAD_TOKEN + "\n");
      return new PackageOptions(store.resolve("packages"), null, null, null, null, token);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stops the server and starts another on the same repo, cache and package store with the
   * registered options changed again by {@code change} (e.g. a poll interval for one test).
   */
  public RunningServer restart(UnaryOperator<ServerOptions> change) {
    server.close();
    server = null; // a failed start leaves nothing to close twice
    server = start(o -> change.apply(options.apply(o)));
    return server;
  }

  private void tearDown() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      server = null;
      if (repo != null) {
        repo.close();
        repo = null;
      }
      deleteTree(dir);
      dir = null;
    }
  }

  private static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp dir is harmless, and must not hide the test's own failure
    }
  }

  public TestRepo repo() {
    return running(repo);
  }

  public RunningServer server() {
    return running(server);
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
