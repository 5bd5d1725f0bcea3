package io.roller.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Tags;
import io.roller.model.Names;
import io.roller.model.Report;
import io.roller.server.core.DomainException;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.reports.FleetHosts;
import io.roller.server.reports.FleetView;
import io.roller.server.reports.ReportStore;
import io.roller.server.views.RepoView;
import io.roller.server.views.ViewStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fleet reports: POST /host/{h}/report, GET /host/{h}/reports, GET /fleet, the fleet gauges. */
public final class ReportRoutes {
  private final ViewStore store;
  private final PackageCatalog catalog;
  private final ReportStore reports;

  private ReportRoutes(ViewStore store, PackageCatalog catalog, ReportStore reports) {
    this.store = store;
    this.catalog = catalog;
    this.reports = reports;
  }

  public static void register(
      Javalin app, ViewStore store, PackageCatalog catalog, ReportStore reports, Metrics metrics) {
    ReportRoutes r = new ReportRoutes(store, catalog, reports);
    app.post("/host/{hostname}/report", r::post);
    app.get("/host/{hostname}/reports", r::list);
    app.get("/fleet", r::fleet);
    // A refresh (webhook or operator) also picks up what other servers stored.
    app.after(
        "/refresh",
        ctx -> {
          if (ctx.method().name().equals("POST") && ctx.statusCode() == 200) {
            reports.sync();
          }
        });
    for (String state : FleetView.STATES) {
      metrics.gauge(
          "roller_fleet_hosts",
          "Hosts of the served revision by fleet state",
          Tags.of("state", state),
          () ->
              r.fleetAt(store.current(), new FleetView.Filter(null, null, null))
                  .counts()
                  .get(state));
    }
  }

  private void post(Context ctx) {
    reports.checkToken(ctx.header("Authorization"));
    String host = hostname(ctx);
    byte[] body = ctx.bodyAsBytes();
    Report r = ReportStore.parse(host, body);
    if (!store.current().snapshot().config().hasHost(host)) {
      throw DomainException.notFound(
          "no host " + host + " at " + store.current().snapshot().shortRevision());
    }
    Report stored = reports.add(r);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("stored", true);
    out.put("hostname", stored.hostname());
    out.put("received", stored.received());
    Body b = Body.of(out, Responder.format(ctx, Body.Format.JSON));
    ctx.status(201).contentType(b.format().contentType).result(b.bytes());
  }

  private void list(Context ctx) {
    String host = hostname(ctx);
    int limit = limit(ctx);
    RepoView v = store.at(ctx.queryParam("rev"));
    List<Report> out = reports.reports(host, limit);
    if (out.isEmpty() && !v.snapshot().config().hasHost(host)) {
      throw DomainException.notFound("no host " + host + " and no reports of it");
    }
    Responder.send(ctx, v, Body.of(out, Responder.format(ctx)));
  }

  private void fleet(Context ctx) {
    Body.Format format = Responder.format(ctx);
    RepoView v = store.at(ctx.queryParam("rev"));
    FleetView.Filter filter =
        new FleetView.Filter(
            ctx.queryParam("colo"), ctx.queryParam("hostclass"), ctx.queryParam("state"));
    Cached c = cached(v, "fleet-body " + format + " " + filter, f -> Body.of(f, format), filter);
    Responder.send(ctx, v, (Body) c.value());
  }

  /**
   * A fleet answer (or its body) kept until a report arrives, storage changes state, or a host
   * turns stale; one request computes it while the others wait for that one.
   */
  private record Cached(long version, String degraded, Instant until, Object value) {
    boolean fresh(long version, String degraded, Instant now) {
      return this.version == version
          && java.util.Objects.equals(this.degraded, degraded)
          && (until == null || now.isBefore(until));
    }
  }

  private Cached cached(
      RepoView v,
      String key,
      java.util.function.Function<FleetView.Fleet, Object> make,
      FleetView.Filter filter) {
    Object hit = v.memo().get(key);
    if (hit instanceof Cached c && c.fresh(reports.version(), reports.degraded(), Instant.now())) {
      return c;
    }
    synchronized (v.memo().computeIfAbsent("lock " + key, k -> new Object())) {
      hit = v.memo().get(key);
      long version = reports.version();
      String degraded = reports.degraded();
      Instant now = Instant.now();
      if (hit instanceof Cached c && c.fresh(version, degraded, now)) {
        return c;
      }
      FleetView.Fleet f = compute(v, filter, now);
      Cached c = new Cached(version, degraded, f.nextChange(), make.apply(f));
      v.memo().put(key, c);
      return c;
    }
  }

  /** The fleet at a view, for the gauges. */
  private FleetView.Fleet fleetAt(RepoView v, FleetView.Filter filter) {
    return (FleetView.Fleet) cached(v, "fleet " + filter, f -> f, filter).value();
  }

  private FleetView.Fleet compute(RepoView v, FleetView.Filter filter, Instant now) {
    return FleetView.of(
        v.revision(),
        FleetHosts.of(v, catalog),
        reports::last,
        now,
        reports.options().stale(),
        filter,
        reports.degraded());
  }

  private static String hostname(Context ctx) {
    String host = ctx.pathParam("hostname");
    if (!Names.isHostname(host)) {
      throw DomainException.badRequest("malformed hostname: want a DNS name");
    }
    return host;
  }

  private static int limit(Context ctx) {
    String l = ctx.queryParam("limit");
    if (l == null) {
      return ReportStore.KEEP;
    }
    try {
      int n = Integer.parseInt(l);
      if (n >= 1 && n <= ReportStore.KEEP) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw DomainException.badRequest("limit must be 1.." + ReportStore.KEEP);
  }
}
