package io.roller.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.roller.model.ValidationException;
import io.roller.server.core.DomainException;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.packages.PackageContents;
import io.roller.server.reports.ReportStore;
import io.roller.server.ui.Html;
import io.roller.server.ui.UiPages;
import io.roller.server.views.RepoView;
import io.roller.server.views.ViewStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /ui/...}: the read-only web UI (DESIGN section 9), thin routes over {@link UiPages}.
 * Every page honours {@code ?rev=} and carries it in its links; failures are HTML pages with the
 * status the API would give; pages are served with a CSP that allows no script at all.
 */
public final class UiRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(UiRoutes.class);

  /** Nothing but our own stylesheet: an injected script would not run even if it were emitted. */
  static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none';"
          + " frame-ancestors 'none'";

  private final ViewStore store;
  private final UiPages pages;
  private final byte[] css;

  private UiRoutes(ViewStore store, UiPages pages) {
    this.store = store;
    this.pages = pages;
    this.css = resource("io/roller/server/ui/ui.css");
  }

  /** Registers the /ui/ routes; {@code packages} may be null (no package store). */
  public static void register(
      Javalin app,
      ViewStore store,
      PackageCatalog catalog,
      PackageContents packages,
      ReportStore reports) {
    new UiRoutes(store, new UiPages(store, catalog, packages, reports)).register(app);
  }

  /** How a page is computed from the request and the view at its {@code ?rev=}. */
  private interface Page {
    Map<String, Object> model(Context ctx, RepoView v);
  }

  private void register(Javalin app) {
    app.get(
        "/ui/style.css",
        ctx -> {
          ctx.header("Cache-Control", "max-age=3600");
          ctx.header("X-Content-Type-Options", "nosniff");
          ctx.contentType("text/css; charset=utf-8").result(css);
        });
    // the fleet and host pages show reports, which change between commits: rendered each time
    page(
        app,
        "/ui/",
        "fleet",
        false,
        (ctx, v) ->
            pages.fleetPage(
                v,
                blankToNull(ctx.queryParam("colo")),
                blankToNull(ctx.queryParam("hostclass")),
                blankToNull(ctx.queryParam("state")),
                ctx.queryParam("q"),
                intParam(ctx, "page", 1)));
    page(
        app,
        "/ui/host/{hostname}",
        "host",
        false,
        (ctx, v) -> pages.host(v, ctx.pathParam("hostname")));
    page(app, "/ui/file/<path>", "file", (ctx, v) -> pages.file(v, ctx.pathParam("path")));
    page(app, "/ui/commit/{rev}", "commit", (ctx, v) -> pages.commit(ctx.pathParam("rev")));
    page(app, "/ui/log", "log", (ctx, v) -> pages.log(v, limit(ctx)));
    page(
        app,
        "/ui/impact",
        "impact",
        (ctx, v) -> {
          String to = ctx.queryParam("to");
          if (to == null || to.isEmpty()) {
            throw DomainException.badRequest("missing ?to=REV (a commit, branch or tag)");
          }
          return pages.impactPage(store.at(ctx.queryParam("from")), store.at(to));
        });
    page(
        app,
        "/ui/hostclass/{name}",
        "hostclass",
        (ctx, v) -> pages.hostclass(v, ctx.pathParam("name")));
    page(app, "/ui/colo/{name}", "colo", (ctx, v) -> pages.colo(v, ctx.pathParam("name")));
    page(app, "/ui/package/{name}", "package", (ctx, v) -> pages.pkg(v, ctx.pathParam("name")));
    app.get(
        "/ui/<rest>",
        ctx -> error(ctx, 404, "not found", "no page " + ctx.path() + " (start at /ui/)"));
  }

  /**
   * A page: rendered once per commit, path and query (everything a page shows is a function of
   * them) and kept in the view's memo.
   */
  private void page(Javalin app, String route, String template, Page page) {
    page(app, route, template, true, page);
  }

  private void page(Javalin app, String route, String template, boolean memo, Page page) {
    app.get(
        route,
        ctx -> {
          try {
            RepoView v = store.at(ctx.queryParam("rev"));
            String key = "ui-html " + ctx.path() + " " + new TreeMap<>(ctx.queryParamMap());
            java.util.function.Supplier<String> render =
                () -> {
                  Map<String, Object> model = new LinkedHashMap<>(common(ctx, v));
                  model.putAll(page.model(ctx, v));
                  return Html.render(template, model);
                };
            String html = memo ? v.memo(key, render) : render.get();
            headers(ctx);
            Responder.revision(ctx, v.revision());
            ctx.html(html);
          } catch (DomainException e) {
            error(
                ctx, ErrorMapping.status(e.kind()), e.kind().name().toLowerCase(), e.getMessage());
          } catch (ValidationException e) {
            error(ctx, 422, "invalid", e.getMessage());
          } catch (RuntimeException e) {
            LOG.error("GET {} failed", ctx.path(), e);
            error(ctx, 500, "internal", e.toString());
          }
        });
  }

  /** What every page's layout needs: the revision shown and the query that keeps it in links. */
  private Map<String, Object> common(Context ctx, RepoView v) {
    String rev = ctx.queryParam("rev");
    Map<String, Object> m = new LinkedHashMap<>();
    boolean pinned = rev != null && !rev.isEmpty();
    String enc = pinned ? URLEncoder.encode(rev, StandardCharsets.UTF_8) : "";
    m.put("rev", pinned ? rev : "");
    m.put("q", pinned ? "?rev=" + enc : "");
    m.put("qa", pinned ? "&rev=" + enc : "");
    m.put("revision", v.revision());
    m.put("short", v.snapshot().shortRevision());
    m.put("committed", v.snapshot().time().toString());
    m.put("branch", store.branch());
    m.put("permalink", ctx.path() + "?" + withRev(ctx, v.revision()));
    return m;
  }

  /** The request's query with {@code rev} set to the commit shown: a link that never moves. */
  private static String withRev(Context ctx, String revision) {
    StringBuilder b = new StringBuilder("rev=").append(revision);
    ctx.queryParamMap()
        .forEach(
            (k, vs) -> {
              if (!k.equals("rev")) {
                for (String val : vs) {
                  b.append('&')
                      .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                      .append('=')
                      .append(URLEncoder.encode(val, StandardCharsets.UTF_8));
                }
              }
            });
    return b.toString();
  }

  private static void headers(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
  }

  /** An HTML error page with the status the API would answer. */
  private void error(Context ctx, int status, String error, String detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", error);
    m.put("status", status);
    m.put("error", error);
    m.put("detail", detail);
    m.put("rev", "");
    m.put("q", "");
    m.put("qa", "");
    m.put("revision", "");
    m.put("short", "");
    m.put("committed", "");
    m.put("branch", store.branch());
    m.put("permalink", "");
    headers(ctx);
    ctx.status(status).html(Html.render("error", m));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static int intParam(Context ctx, String name, int fallback) {
    String s = ctx.queryParam(name);
    if (s == null || s.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw DomainException.badRequest("?" + name + "= must be a number");
    }
  }

  private static int limit(Context ctx) {
    int limit = intParam(ctx, "limit", 25);
    if (limit < 1 || limit > 200) {
      throw DomainException.badRequest("limit must be 1..200");
    }
    return limit;
  }

  private static byte[] resource(String name) {
    try (InputStream in = UiRoutes.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
