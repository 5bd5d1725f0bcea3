package io.roller.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.roller.model.PackageRef;
import io.roller.server.core.DomainException;
import io.roller.server.packages.PackageContents;
import io.roller.server.views.Impact;
import io.roller.server.views.RepoView;
import io.roller.server.views.ViewStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /impact?from=&to=&render=}: the route of the {@link Impact} view. */
public final class ImpactRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ImpactRoutes.class);

  /** CPU time tells the cost of an answer apart from a busy machine's wait for a core. */
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  static final String FROM = "X-Roller-From-Revision";

  private final ViewStore store;
  private final PackageContents packages;

  private ImpactRoutes(ViewStore store, PackageContents packages) {
    this.store = store;
    this.packages = packages;
  }

  /** {@code packages} is null when the server stores no packages (nothing is then rendered). */
  public static void register(Javalin app, ViewStore store, PackageContents packages) {
    app.get("/impact", new ImpactRoutes(store, packages)::impact);
  }

  /**
   * An answer kept in the {@code to} commit's memo, with the packages it found missing: one of them
   * uploaded since makes the answer stale (every other input is immutable).
   */
  private record Cached(Body body, List<PackageRef> missing) {}

  private void impact(Context ctx) {
    Body.Format format = Responder.format(ctx);
    String toRev = ctx.queryParam("to");
    if (toRev == null || toRev.isEmpty()) {
      throw DomainException.badRequest("missing ?to=REV (a commit, branch or tag)");
    }
    boolean render = flag(ctx, "render");
    long t0 = System.nanoTime();
    long cpu0 = CPU.getCurrentThreadCpuTime();
    RepoView from = store.at(ctx.queryParam("from"));
    RepoView to = store.at(toRev);
    long loaded = System.nanoTime();
    String key = "impact " + from.revision() + " " + render + " " + format;
    Body body = null;
    if (to.memo().get(key) instanceof Cached c && stillMissing(c.missing())) {
      body = c.body();
    }
    if (body == null) {
      Impact.Answer answer = Impact.between(from.snapshot(), to.snapshot(), packages, render);
      long computed = System.nanoTime();
      body = Body.of(answer, format);
      LOG.info(
          "impact {}..{}{}: {} changed, {} failing; revisions ready in {} ms, computed in {} ms,"
              + " written in {} ms; {} ms CPU on this thread",
          from.snapshot().shortRevision(),
          to.snapshot().shortRevision(),
          render ? " (rendered)" : "",
          answer.totals().changed(),
          answer.totals().failing(),
          (loaded - t0) / 1_000_000,
          (computed - loaded) / 1_000_000,
          (System.nanoTime() - computed) / 1_000_000,
          (CPU.getCurrentThreadCpuTime() - cpu0) / 1_000_000);
      to.memo()
          .put(
              key,
              new Cached(body, answer.missingPackages().stream().map(PackageRef::parse).toList()));
    }
    ctx.header(FROM, from.revision());
    Responder.send(ctx, to, body);
  }

  private boolean stillMissing(List<PackageRef> missing) {
    return missing.stream().allMatch(r -> packages.of(r).isEmpty());
  }

  private static boolean flag(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty() || v.equals("false")) {
      return false;
    }
    if (v.equals("true")) {
      return true;
    }
    throw DomainException.badRequest("?" + name + "= must be true or false");
  }
}
