package io.roller.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.roller.server.core.DomainException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one table of the query parameters each route takes. Any other parameter is a 400 naming it,
 * so a misspelt filter ({@code /host?colour=sjc1}) is an error rather than an unfiltered answer. A
 * route missing from the table takes no parameters at all: a new route must be declared here.
 */
public final class QueryParams {
  /** What every view of the repo takes: the revision and the format. */
  private static final String[] VIEW = {"rev", "format"};

  private static final Map<String, Set<String>> ROUTES =
      Map.ofEntries(
          view("/host", "colo", "hostclass"),
          view("/host/{hostname}"),
          view("/host/{hostname}/resolved"),
          view("/host/{hostname}/diff", "from", "to"),
          view("/host/{hostname}/users"),
          view("/hostclass"),
          view("/hostclass/{name}"),
          view("/hostclass/{name}/hosts", "version"),
          view("/hostclass/{name}/{version}"),
          view("/colo"),
          view("/colo/{name}"),
          view("/colo/{name}/hosts"),
          view("/diff", "from", "to"),
          view("/log", "path", "limit"),
          // One Javalin pattern, three routes: see route(ctx).
          route("GET /package/{name}/{version}", "format"),
          view("/package/{name}/hosts", "version"),
          route("GET /package/{name}/{version}.tar.gz"),
          route("GET /package", "format"),
          route("GET /package/{name}", "format"),
          route("PUT /package/{name}/{version}.tar.gz", "format"),
          route("POST /refresh", "format"),
          route("GET /healthz", "format"),
          route("GET /metrics"),
          route("GET /bootstrap", "hostname"),
          route("GET /bootstrap/roll-bundle.tar.gz"),
          // Fleet reports (DESIGN §6) and impact (DESIGN §7).
          route("POST /host/{hostname}/report", "format"),
          view("/host/{hostname}/reports", "limit"),
          view("/fleet", "colo", "hostclass", "state"),
          view("/impact", "from", "to", "render"));

  private QueryParams() {}

  /** Checks every matched request's query against the table, before its handler runs. */
  public static void register(Javalin app) {
    app.beforeMatched(QueryParams::check);
  }

  static void check(Context ctx) {
    Map<String, ?> query = ctx.queryParamMap();
    if (query.isEmpty()) {
      return;
    }
    String path = route(ctx);
    if (path.startsWith("/ui")) {
      return; // the web UI's pages keep their own links and filters
    }
    String method = ctx.method().name().equals("HEAD") ? "GET" : ctx.method().name();
    Set<String> allowed = ROUTES.getOrDefault(method + " " + path, Set.of());
    for (String name : new TreeSet<>(query.keySet())) {
      if (!allowed.contains(name)) {
        throw DomainException.badRequest(
            "unknown query parameter '"
                + printable(name)
                + "' for "
                + method
                + " "
                + path
                + (allowed.isEmpty()
                    ? " (it takes none)"
                    : " (it takes " + String.join(", ", new TreeSet<>(allowed)) + ")"));
      }
      if (ctx.queryParams(name).size() > 1) {
        // ?colo=nyc1&colo=sjc1 would silently answer for one of them
        throw DomainException.badRequest(
            "query parameter '" + name + "' given " + ctx.queryParams(name).size() + " times");
      }
    }
  }

  /**
   * The route a request matched, as its table entry and metrics label name it. One Javalin pattern
   * serves a package's metadata, its hosts and its tarball ({@code /package/{name}/{version}}, as
   * {@code {version}} may end in {@code .tar.gz} or be {@code hosts}); each is its own route here.
   */
  public static String route(Context ctx) {
    String p = ctx.endpointHandlerPath();
    if (p.equals("/package/{name}/{version}")) {
      String last = ctx.pathParam("version");
      if (last.endsWith(".tar.gz")) {
        return "/package/{name}/{version}.tar.gz";
      }
      if (last.equals("hosts")) {
        return "/package/{name}/hosts";
      }
    }
    return p;
  }

  private static Map.Entry<String, Set<String>> view(String path, String... params) {
    Set<String> all = new TreeSet<>(Set.of(VIEW));
    all.addAll(Set.of(params));
    return Map.entry("GET " + path, Set.copyOf(all));
  }

  private static Map.Entry<String, Set<String>> route(String methodAndPath, String... params) {
    return Map.entry(methodAndPath, Set.of(params));
  }

  /** Control characters of a client's text made visible before they reach a message. */
  private static String printable(String s) {
    return s.replaceAll("\\p{Cntrl}", "?");
  }
}
