package io.roller.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Tags;
import io.roller.model.Names;
import io.roller.model.Report;
import io.roller.server.DomainException;
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
    long second = Instant.now().getEpochSecond();
    String key =
        "fleet-body "
            + format
            + " "
            + filter
            + " "
            + reports.version()
            + " "
            + second
            + " "
            + reports.degraded();
    Object hit = v.memo().get("fleet-body-last " + format + " " + filter);
    Body body;
    if (hit instanceof CachedBody c && c.key().equals(key)) {
      body = c.body();
    } else {
      body = Body.of(compute(v, filter, Instant.ofEpochSecond(second)), format);
      v.memo().put("fleet-body-last " + format + " " + filter, new CachedBody(key, body));
    }
    Responder.send(ctx, v, body);
  }

  /** The last body of one query, reused while no report arrived within the same second. */
  private record CachedBody(String key, Body body) {}

  private record CachedFleet(String key, FleetView.Fleet fleet) {}

  /** The fleet at a view, reused while no report arrived within the same second (the gauges). */
  private FleetView.Fleet fleetAt(RepoView v, FleetView.Filter filter) {
    long second = Instant.now().getEpochSecond();
    String key = filter + " " + reports.version() + " " + second + " " + reports.degraded();
    Object hit = v.memo().get("fleet-last " + filter);
    if (hit instanceof CachedFleet c && c.key().equals(key)) {
      return c.fleet();
    }
    FleetView.Fleet f = compute(v, filter, Instant.ofEpochSecond(second));
    v.memo().put("fleet-last " + filter, new CachedFleet(key, f));
    return f;
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
