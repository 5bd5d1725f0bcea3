package io.roller.server;

import io.javalin.Javalin;
import io.roller.server.bootstrap.AgentBundle;
import io.roller.server.http.BootstrapRoutes;
import io.roller.server.http.ErrorMapping;
import io.roller.server.http.ImpactRoutes;
import io.roller.server.http.JsonErrorHandler;
import io.roller.server.http.Metrics;
import io.roller.server.http.PackageRoutes;
import io.roller.server.http.QueryParams;
import io.roller.server.http.RefreshAuth;
import io.roller.server.http.ReportRoutes;
import io.roller.server.http.Routes;
import io.roller.server.http.UiRoutes;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.packages.PackageStore;
import io.roller.server.packages.S3Health;
import io.roller.server.packages.StoredContents;
import io.roller.server.repo.GitRepo;
import io.roller.server.reports.ReportStore;
import io.roller.server.views.ViewStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running config server: the git repo, its views, the HTTP routes and the poller.
 *
 * <p>About 300 lines: the wiring in start (load and Jetty overlapping, every route registered, the
 * poller) and the undoing of a half-started server on failure are kept side by side on purpose.
 */
public final class ConfigServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigServer.class);

  private final ServerOptions options;
  private final GitRepo git;
  private final ViewStore store;
  private final Javalin app;
  private final ScheduledExecutorService poller;

  /** The package store this server opened itself, closed with it. */
  private PackageStore closeWith;

  private Metrics metrics;

  /** The fleet's reports. */
  private ReportStore reports;

  private ConfigServer(
      ServerOptions options,
      GitRepo git,
      ViewStore store,
      Javalin app,
      ScheduledExecutorService poller) {
    this.options = options;
    this.git = git;
    this.store = store;
    this.app = app;
    this.poller = poller;
  }

  /**
   * Starts a server; with {@code o.packages()} it opens the package store, serves its routes and
   * fills package metadata into resolved hosts (else packages resolve without sha256, size and
   * url).
   */
  public static ConfigServer start(ServerOptions o) {
    if (o.packages() == null) {
      return start(o, PackageCatalog.EMPTY, (app, views) -> {}, Optional::empty);
    }
    PackageStore packages = PackageStore.open(o.packages());
    try {
      ConfigServer s =
          start(
              o,
              packages,
              (app, views) -> PackageRoutes.register(app, packages, views),
              packages::s3Health);
      s.closeWith = packages;
      return s;
    } catch (RuntimeException e) {
      packages.close();
      throw e;
    }
  }

  /**
   * Opens the repo, loads the branch head, and listens. {@code catalog} fills package metadata into
   * resolved hosts; {@code extraRoutes} registers more routes (the package store's) on the app.
   */
  public static ConfigServer start(
      ServerOptions o, PackageCatalog catalog, Consumer<Javalin> extraRoutes) {
    return start(o, catalog, (app, views) -> extraRoutes.accept(app), Optional::empty);
  }

  /** As above, with the package store's S3 health for /healthz and /metrics. */
  static ConfigServer start(
      ServerOptions o,
      PackageCatalog catalog,
      BiConsumer<Javalin, ViewStore> extraRoutes,
      Supplier<Optional<S3Health>> s3) {
    long t0 = System.nanoTime();
    GitRepo git = GitRepo.open(o.repo(), o.branch(), o.cacheDir());
    ViewStore store = new ViewStore(git);
    Javalin app = null;
    Metrics metrics = null;
    ReportStore reports = null;
    // Loading the head (reading and parsing every file) and starting Jetty overlap; a request that
    // arrives before the load is done gets 503 "no revision loaded yet".
    CompletableFuture<Void> loaded = new CompletableFuture<>();
    Thread loader =
        new Thread(
            () -> {
              try {
                store.start();
                loaded.complete(null);
              } catch (Throwable e) {
                loaded.completeExceptionally(e);
              }
            },
            "repo-load");
    loader.start();
    try {
      metrics = new Metrics(store, s3);
      reports = ReportStore.open(o.reports(), o.packages());
      Metrics m = metrics;
      app =
          Javalin.create(
              cfg -> {
                cfg.showJavalinBanner = false;
                cfg.startupWatcherEnabled = false;
                // POST /host is a wrong method on a route that exists, not an unknown route.
                cfg.http.prefer405over404 = true;
                // Few threads: the handlers never block on I/O (views are in memory), so more
                // threads than
                // cores only add context switches; a queue absorbs bursts.
                QueuedThreadPool pool =
                    new QueuedThreadPool(
                        Math.max(8, 4 * Runtime.getRuntime().availableProcessors()), 4, 60_000);
                pool.setName("http");
                cfg.jetty.threadPool = pool;
                cfg.jetty.modifyHttpConfiguration(h -> h.setSendServerVersion(false));
                // Jetty's own refusals (an encoded dot-dot, a bad request line) in the JSON body
                cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
                cfg.jetty.modifyServletContextHandler(
                    h -> h.setErrorHandler(new JsonErrorHandler()));
                cfg.requestLogger.http(
                    (ctx, ms) -> m.record(route(ctx), ctx.method().name(), ctx.statusCode(), ms));
              });
      ErrorMapping.register(app);
      QueryParams.register(app);
      Routes.register(app, store, catalog, metrics, s3);
      RefreshAuth.register(app, o.refreshTokenFile());
      AtomicReference<String> publicUrl = new AtomicReference<>();
      StoredContents contents = catalog instanceof PackageStore ps ? new StoredContents(ps) : null;
      ImpactRoutes.register(app, store, contents);
      UiRoutes.register(app, store, catalog, contents, reports);
      BootstrapRoutes.register(
          app,
          o.agentBundle() == null ? null : AgentBundle.open(o.agentBundle()),
          publicUrl::get,
          store);
      ReportRoutes.register(app, store, catalog, reports, metrics);
      extraRoutes.accept(app, store);
      app.start(o.bind(), o.port());
      publicUrl.set(publicUrl(o, app.port()));
      awaitLoad(loaded);
      reports.awaitLoaded();
      ScheduledExecutorService poller = startPoller(o, store, reports);
      ConfigServer s = new ConfigServer(o, git, store, app, poller);
      s.metrics = metrics;
      s.reports = reports;
      LOG.info(
          "config-server on {} serving {} branch {} at revision {} (ready in {} ms)",
          s.url(),
          o.repo(),
          o.branch(),
          store.current().snapshot().shortRevision(),
          (System.nanoTime() - t0) / 1_000_000);
      return s;
    } catch (RuntimeException e) {
      if (app != null) {
        app.stop();
      }
      if (metrics != null) {
        metrics.close();
      }
      awaitQuietly(loader);
      git.close();
      if (reports != null) {
        reports.close();
      }
      throw e;
    }
  }

  /**
   * {@code --public-url}, else {@code http://<this machine's name>:<port>} when bound to every
   * interface, else the bind address (a server on 127.0.0.1 is reached at 127.0.0.1).
   */
  static String publicUrl(ServerOptions o, int port) {
    if (o.publicUrl() != null) {
      return o.publicUrl();
    }
    String host = o.bind();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "localhost";
      }
    }
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static void awaitLoad(CompletableFuture<Void> loaded) {
    try {
      loaded.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  private static void awaitQuietly(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String route(io.javalin.http.Context ctx) {
    try {
      String p = ctx.endpointHandlerPath();
      if (p == null || p.isEmpty()) {
        return "unmatched";
      }
      // Tarballs, metadata and package hosts share a pattern but not their timings: apart.
      return QueryParams.route(ctx);
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }

  private static ScheduledExecutorService startPoller(
      ServerOptions o, ViewStore store, ReportStore reports) {
    if (o.poll().isZero() || o.poll().isNegative()) {
      return null;
    }
    ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "repo-poll");
              t.setDaemon(true);
              return t;
            });
    long ms = o.poll().toMillis();
    store.polling(o.poll());
    // Any Throwable is caught: one that escaped would cancel the schedule silently, and a revision
    // that exhausts the heap or the stack must not end polling for every later commit.
    s.scheduleWithFixedDelay(
        () -> {
          String error = null;
          try {
            store.refresh();
          } catch (Throwable e) {
            error = e.toString();
            LOG.warn("poll of {} failed: {}", o.repo(), error);
          }
          store.polled(java.time.Instant.now(), error);
          reports.sync();
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
    return s;
  }

  public int port() {
    return app.port();
  }

  /** The base URL, with a loopback host when bound to every interface. */
  public String url() {
    String host =
        options.bind().equals("0.0.0.0") || options.bind().equals("::")
            ? "127.0.0.1"
            : options.bind();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** The served views (for the package routes' "which hosts use package X"). */
  public ViewStore views() {
    return store;
  }

  /** The fleet's reports. */
  public ReportStore reports() {
    return reports;
  }

  public ServerOptions options() {
    return options;
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
    app.stop();
    git.close();
    if (reports != null) {
      reports.close();
    }
    if (metrics != null) {
      metrics.close();
    }
    if (closeWith != null) {
      closeWith.close();
    }
  }
}
