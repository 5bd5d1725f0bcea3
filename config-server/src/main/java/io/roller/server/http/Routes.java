package io.roller.server.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.roller.model.ResolvedHost;
import io.roller.server.core.DomainException;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.packages.S3Health;
import io.roller.server.repo.FileChange;
import io.roller.server.views.HostDiff;
import io.roller.server.views.RepoView;
import io.roller.server.views.ViewStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** The read routes of the config repo, /refresh, /healthz and /metrics. */
public final class Routes {
  private final ViewStore store;
  private final ResolvedBodies bodies;
  private final Metrics metrics;
  private final Supplier<Optional<S3Health>> s3;

  private Routes(
      ViewStore store, PackageCatalog catalog, Metrics metrics, Supplier<Optional<S3Health>> s3) {
    this.store = store;
    this.bodies = new ResolvedBodies(catalog);
    this.metrics = metrics;
    this.s3 = s3;
  }

  /** Registers every route of this package on the app. */
  public static void register(
      Javalin app, ViewStore store, PackageCatalog catalog, Metrics metrics) {
    register(app, store, catalog, metrics, Optional::empty);
  }

  /** As above; {@code s3} is the package store's bucket health, shown by /healthz. */
  public static void register(
      Javalin app,
      ViewStore store,
      PackageCatalog catalog,
      Metrics metrics,
      Supplier<Optional<S3Health>> s3) {
    new Routes(store, catalog, metrics, s3).register(app);
  }

  private void register(Javalin app) {
    // Every answer names the revision it was served at; routes pinned with ?rev= overwrite this.
    app.before(ctx -> Responder.revision(ctx, store.current().revision()));
    view(
        app, "/host", (ctx, v) -> v.hostNames(ctx.queryParam("colo"), ctx.queryParam("hostclass")));
    view(app, "/host/{hostname}", (ctx, v) -> v.hostFile(ctx.pathParam("hostname")));
    getAndHead(app, "/host/{hostname}/resolved", this::resolved);
    view(app, "/host/{hostname}/users", (ctx, v) -> v.users(ctx.pathParam("hostname")));
    view(app, "/host/{hostname}/diff", this::hostDiff);
    view(app, "/hostclass", (ctx, v) -> v.hostclassNames());
    view(app, "/hostclass/{name}", (ctx, v) -> v.hostclass(ctx.pathParam("name")));
    view(
        app,
        "/hostclass/{name}/hosts",
        (ctx, v) -> v.hostclassHosts(ctx.pathParam("name"), ctx.queryParam("version")));
    view(
        app,
        "/hostclass/{name}/{version}",
        (ctx, v) -> v.hostclassVersion(ctx.pathParam("name"), ctx.pathParam("version")));
    view(app, "/colo", (ctx, v) -> v.coloNames());
    view(app, "/colo/{name}", (ctx, v) -> v.colo(ctx.pathParam("name")));
    view(app, "/colo/{name}/hosts", (ctx, v) -> v.coloHosts(ctx.pathParam("name")));
    view(app, "/diff", this::diff);
    view(app, "/log", this::log);
    app.post("/refresh", this::refresh);
    getAndHead(app, "/healthz", this::healthz);
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
  }

  /**
   * A GET of a view of one commit ({@code ?rev=}), memoized as bytes per commit, path, query and
   * format.
   */
  private void view(Javalin app, String route, BiFunction<Context, RepoView, Object> compute) {
    getAndHead(
        app,
        route,
        ctx -> {
          Body.Format format = Responder.format(ctx);
          RepoView v = at(ctx);
          Body body = Responder.cached(v, cacheKey(ctx), format, () -> compute.apply(ctx, v));
          Responder.send(ctx, v, body);
        });
  }

  /**
   * A GET route that answers HEAD the same way without the body (Jetty drops it), so {@code curl
   * -I} and monitoring probes see the status, ETag and revision a GET would.
   */
  private static void getAndHead(Javalin app, String route, io.javalin.http.Handler handler) {
    app.get(route, handler);
    app.head(route, handler);
  }

  private RepoView at(Context ctx) {
    RepoView v = store.at(ctx.queryParam("rev"));
    Responder.revision(ctx, v.revision());
    return v;
  }

  /** Path plus the query without rev and format, in a fixed order. */
  private static String cacheKey(Context ctx) {
    Map<String, java.util.List<String>> q = ctx.queryParamMap();
    if (q.isEmpty()) {
      return ctx.path();
    }
    TreeMap<String, java.util.List<String>> sorted = new TreeMap<>(q);
    sorted.remove("rev");
    sorted.remove("format");
    return sorted.isEmpty() ? ctx.path() : ctx.path() + "?" + sorted;
  }

  /** Also served by {@link FastResolved} once rendered, without Javalin. */
  private void resolved(Context ctx) {
    Body.Format format = Responder.format(ctx);
    RepoView v = at(ctx);
    Responder.send(ctx, v, bodies.body(v, ctx.pathParam("hostname"), format));
  }

  private Object hostDiff(Context ctx, RepoView to) {
    String host = ctx.pathParam("hostname");
    RepoView from = store.at(required(ctx, "from"));
    RepoView target = ctx.queryParam("to") == null ? to : store.at(ctx.queryParam("to"));
    ResolvedHost a = from.resolvedIfExists(host).orElse(null);
    ResolvedHost b = target.resolvedIfExists(host).orElse(null);
    if (a == null && b == null) {
      throw DomainException.notFound("no host " + host + " at either revision");
    }
    return HostDiff.between(host, from.revision(), a, target.revision(), b);
  }

  /** The wire form of {@code GET /diff}. */
  @JsonPropertyOrder({"from", "to", "files"})
  record DiffAnswer(String from, String to, List<FileChange> files) {}

  private DiffAnswer diff(Context ctx, RepoView to) {
    String from = store.commitOf(required(ctx, "from"));
    String target =
        ctx.queryParam("to") == null ? to.revision() : store.commitOf(ctx.queryParam("to"));
    return new DiffAnswer(from, target, store.diff(from, target));
  }

  private Object log(Context ctx, RepoView from) {
    String path = ctx.queryParam("path");
    if (path != null
        && (path.startsWith("/")
            || path.contains("..")
            || path.chars().anyMatch(Character::isISOControl))) {
      throw DomainException.badRequest("path must be relative to the repo root, without '..'");
    }
    int limit = 50;
    String l = ctx.queryParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 1000) {
        throw DomainException.badRequest("limit must be 1..1000");
      }
    }
    return store.log(from, path, limit);
  }

  private static String required(Context ctx, String param) {
    String v = ctx.queryParam(param);
    if (v == null || v.isEmpty()) {
      throw DomainException.badRequest("missing ?" + param + "=REV");
    }
    return v;
  }

  /** The wire form of {@code POST /refresh}. */
  @JsonPropertyOrder({"revision", "previous", "changed", "millis", "parsed_files"})
  record RefreshAnswer(
      String revision,
      String previous,
      boolean changed,
      long millis,
      @JsonProperty("parsed_files") int parsedFiles) {}

  private void refresh(Context ctx) {
    ViewStore.Refresh r = store.refresh();
    RefreshAnswer out =
        new RefreshAnswer(r.revision(), r.previous(), r.changed(), r.millis(), r.parsed());
    if (r.fetchError() != null) {
      throw new DomainException(
          DomainException.Kind.UNAVAILABLE,
          "fetch failed, still serving " + r.revision() + ": " + r.fetchError());
    }
    Responder.revision(ctx, r.revision());
    Body b = Body.of(out, Responder.format(ctx));
    Responder.write(ctx, b);
  }

  private void healthz(Context ctx) {
    RepoView v = store.current();
    ViewStore.RemoteStatus remote = store.remoteStatus();
    ViewStore.PollStatus poll = store.pollStatus(Instant.now());
    Optional<S3Health> bucket = s3.get();
    boolean ok =
        remote.error() == null && poll.error() == null && bucket.map(S3Health::up).orElse(true);
    HealthAnswer out =
        new HealthAnswer(
            poll.stalled() ? "stalled" : ok ? "ok" : "degraded",
            v.revision(),
            store.branch(),
            v.snapshot().time().toString(),
            v.hostCount(),
            v.snapshot().config().fileErrors().size(),
            remote.remote()
                ? new HealthAnswer.Remote(
                    remote.lastFetch() == null ? null : remote.lastFetch().toString(),
                    remote.error(),
                    remote.failures())
                : null,
            poll.every() != null
                ? new HealthAnswer.Poll(poll.last().toString(), poll.error())
                : null,
            // Packages not held here cannot be served, nor uploads stored, while S3 is away.
            bucket.map(h -> new HealthAnswer.S3(h.where(), h.error(), h.failures())).orElse(null),
            Instant.now().toString());
    Responder.revision(ctx, v.revision());
    // a stalled poller serves an old revision forever: take this server out of rotation
    ctx.status(poll.stalled() ? 503 : 200);
    Body b = Body.of(out, Responder.format(ctx));
    Responder.write(ctx, b);
  }
}
