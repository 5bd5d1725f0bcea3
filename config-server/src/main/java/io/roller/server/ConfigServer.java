package io.roller.server;

import io.javalin.Javalin;
import io.roller.server.bootstrap.AgentBundle;
import io.roller.server.http.BootstrapRoutes;
import io.roller.server.http.ErrorMapping;
import io.roller.server.http.Metrics;
import io.roller.server.http.PackageRoutes;
import io.roller.server.http.ReportRoutes;
import io.roller.server.http.Routes;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.packages.PackageStore;
import io.roller.server.repo.GitRepo;
import io.roller.server.reports.ReportStore;
import io.roller.server.views.ViewStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running config server: the git repo, its views, the HTTP routes and the poller. */
public final class ConfigServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigServer.class);

  private final ServerOptions options;
  private final GitRepo git;
  private final ViewStore store;
  private final Javalin app;
  private final ScheduledExecutorService poller;
  private final ReportStore reports;

  /** The package store this server opened itself, closed with it. */
  private PackageStore closeWith;

  private ConfigServer(
      ServerOptions options,
      GitRepo git,
      ViewStore store,
      Javalin app,
      ScheduledExecutorService poller,
      ReportStore reports) {
    this.options = options;
    this.git = git;
    this.store = store;
    this.app = app;
    this.poller = poller;
    this.reports = reports;
  }

  /**
   * Starts a server; with {@code o.packages()} it opens the package store, serves its routes and
   * fills package metadata into resolved hosts (else packages resolve without sha256, size and
   * url).
   */
  public static ConfigServer start(ServerOptions o) {
    if (o.packages() == null) {
      return start(o, PackageCatalog.EMPTY, app -> {});
    }
    PackageStore packages = PackageStore.open(o.packages());
    AtomicReference<ConfigServer> self = new AtomicReference<>();
    try {
      ConfigServer s =
          start(
              o,
              packages,
              app -> PackageRoutes.register(app, packages, PackageRoutes.hostsOf(self::get)));
      s.closeWith = packages;
      self.set(s);
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
    long t0 = System.nanoTime();
    GitRepo git = GitRepo.open(o.repo(), o.branch(), o.cacheDir());
    ViewStore store = new ViewStore(git);
    Javalin app = null;
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
      Metrics metrics = new Metrics(store);
      reports = ReportStore.open(o.reports(), o.packages());
      app =
          Javalin.create(
              cfg -> {
                cfg.showJavalinBanner = false;
                cfg.startupWatcherEnabled = false;
                // Few threads: the handlers never block on I/O (views are in memory), so more
                // threads than
                // cores only add context switches; a queue absorbs bursts.
                QueuedThreadPool pool =
                    new QueuedThreadPool(
                        Math.max(8, 4 * Runtime.getRuntime().availableProcessors()), 4, 60_000);
                pool.setName("http");
                cfg.jetty.threadPool = pool;
                cfg.jetty.modifyHttpConfiguration(h -> h.setSendServerVersion(false));
                cfg.requestLogger.http(
                    (ctx, ms) ->
                        metrics.record(route(ctx), ctx.method().name(), ctx.statusCode(), ms));
              });
      ErrorMapping.register(app);
      Routes.register(app, store, catalog, metrics);
      BootstrapRoutes.register(
          app, o.agentBundle() == null ? null : AgentBundle.open(o.agentBundle()));
      ReportRoutes.register(app, store, catalog, reports, metrics);
      extraRoutes.accept(app);
      app.start(o.bind(), o.port());
      awaitLoad(loaded);
      reports.awaitLoaded();
      ScheduledExecutorService poller = startPoller(o, store, reports);
      ConfigServer s = new ConfigServer(o, git, store, app, poller, reports);
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
      awaitQuietly(loader);
      git.close();
      if (reports != null) {
        reports.close();
      }
      throw e;
    }
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
      return p == null || p.isEmpty() ? "unmatched" : p;
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
    s.scheduleWithFixedDelay(
        () -> {
          try {
            store.refresh();
          } catch (RuntimeException e) {
            LOG.warn("poll of {} failed: {}", o.repo(), e.getMessage());
          }
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
    reports.close();
    if (closeWith != null) {
      closeWith.close();
    }
  }
}
