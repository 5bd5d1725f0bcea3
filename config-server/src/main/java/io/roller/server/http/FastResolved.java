package io.roller.server.http;

import io.micrometer.core.instrument.Timer;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.views.RepoView;
import io.roller.server.views.ViewStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;

/**
 * {@code GET /host/{h}/resolved} of the head revision answered before Javalin when its body is
 * already rendered: the one route every host polls. Javalin's routing (a regex per route, twice per
 * request for the before-matched handlers), its context and its compression stream cost more than
 * the answer, which is a map lookup and a write. The answer is the route's own, byte for byte and
 * header for header (Javalin's default {@code Content-Type: text/plain} on a 304 included), and is
 * counted in the same metric. Anything else (another method, a query other than {@code format}, a
 * body not rendered yet, a stale one, a compressible body to a client that takes gzip, no revision
 * loaded) goes on to Javalin unchanged, which renders and reports errors as always.
 */
public final class FastResolved implements Filter {
  static final String ROUTE = "/host/{hostname}/resolved";
  private static final String PREFIX = "/host/";
  private static final String SUFFIX = "/resolved";
  private static final String FORMAT = "format=";

  /** Javalin compresses bodies of 1,500 bytes and more for clients that accept it; leave those. */
  private static final int COMPRESSIBLE = 1_000;

  private static final HttpField YAML =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, Body.Format.YAML.contentType);
  private static final HttpField JSON =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, Body.Format.JSON.contentType);

  /** Javalin's default, which its route leaves on a 304. */
  private static final HttpField TEXT =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain");

  private static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, "Accept");

  private final ViewStore store;

  /** The served revision's header, encoded once per revision. */
  private volatile HttpField revision = new HttpField(Responder.REVISION, "");

  private final ResolvedBodies bodies;
  private final Timer ok;
  private final Timer notModified;

  private FastResolved(ViewStore store, PackageCatalog catalog, Metrics metrics) {
    this.store = store;
    this.bodies = new ResolvedBodies(catalog);
    this.ok = metrics.timer(ROUTE, "GET", 200);
    this.notModified = metrics.timer(ROUTE, "GET", 304);
  }

  /** Puts the filter in front of Javalin's servlet. */
  public static void install(
      ServletContextHandler context, ViewStore store, PackageCatalog catalog, Metrics metrics) {
    context.addFilter(
        new FilterHolder(new FastResolved(store, catalog, metrics)),
        PREFIX + "*",
        EnumSet.of(DispatcherType.REQUEST));
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long t0 = System.nanoTime();
    HttpServletRequest req = (HttpServletRequest) request;
    if (!answer(req, (HttpServletResponse) response, t0)) {
      chain.doFilter(request, response);
    }
  }

  private boolean answer(HttpServletRequest req, HttpServletResponse res, long t0)
      throws IOException {
    if (!"GET".equals(req.getMethod())) {
      return false;
    }
    String uri = req.getRequestURI();
    if (!uri.startsWith(PREFIX) || !uri.endsWith(SUFFIX)) {
      return false;
    }
    String host = uri.substring(PREFIX.length(), uri.length() - SUFFIX.length());
    // still encoded: a name with '%' or '/' is not a plain hostname, let the route decode it
    if (host.indexOf('/') >= 0 || host.indexOf('%') >= 0) {
      return false;
    }
    Body.Format format = format(req.getQueryString(), req.getHeader("Accept"));
    if (format == null) {
      return false;
    }
    RepoView v = store.currentOrNull();
    Request base = Request.getBaseRequest(req);
    if (v == null || base == null) {
      return false;
    }
    ResolvedBodies.Served served = bodies.cachedOrNull(v, host, format);
    if (served == null) {
      return false;
    }
    Body body = served.body();
    if (body.bytes().length >= COMPRESSIBLE && req.getHeader("Accept-Encoding") != null) {
      return false;
    }
    String inm = req.getHeader("If-None-Match");
    boolean fresh = Responder.matches(inm, body.etag());
    // Header fields encoded once (Jetty otherwise copies each value byte by byte, checking every
    // character), in the order the route sets them, so the two answers are the same bytes.
    Response response = base.getResponse();
    HttpFields.Mutable fields = response.getHttpFields();
    fields.put(fresh ? TEXT : body.format() == Body.Format.JSON ? JSON : YAML);
    fields.put(revision(v.revision()));
    fields.put(served.etag());
    fields.put(VARY);
    if (fresh) {
      response.setStatus(304);
    } else {
      response.setContentLength(body.bytes().length);
      response.getOutputStream().write(body.bytes());
    }
    (fresh ? notModified : ok).record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    return true;
  }

  private HttpField revision(String rev) {
    HttpField f = revision;
    if (!f.getValue().equals(rev)) {
      f = new PreEncodedHttpField(Responder.REVISION, rev);
      revision = f;
    }
    return f;
  }

  /**
   * The format as {@link Responder#format} picks it, for a query of nothing or {@code format=...}
   * alone; null for any other query (the route checks and decodes those). A raw value other than
   * json or yaml (an escape, another parameter after {@code &}) is not one of the two either.
   */
  static Body.Format format(String query, String accept) {
    if (query == null || query.isEmpty()) {
      return Responder.format(null, accept, null);
    }
    return query.startsWith(FORMAT)
        ? Responder.format(query.substring(FORMAT.length()), accept, null)
        : null;
  }
}
