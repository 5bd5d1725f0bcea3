package io.roller.server.http;

import io.roller.model.ResolvedHost;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.views.RepoView;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * The serialized {@code /host/{h}/resolved} bodies of a commit, per host and format, kept in the
 * view's entry for the host. They are revalidated against the package catalog on every use: an
 * upload changes a host's answer without a new commit.
 */
final class ResolvedBodies {
  private final PackageCatalog catalog;

  ResolvedBodies(PackageCatalog catalog) {
    this.catalog = catalog;
  }

  /** A body with its ETag header encoded once, for {@link FastResolved}. */
  record Served(Body body, HttpField etag) {
    Served(Body body) {
      this(body, new PreEncodedHttpField(HttpHeader.ETAG, body.etag()));
    }
  }

  /** Both formats' bodies of one host for the packages they were rendered with (null: not yet). */
  private record Cached(ResolvedHost.Packages packages, Served yaml, Served json) {
    Served get(Body.Format f) {
      return f == Body.Format.JSON ? json : yaml;
    }

    Cached with(ResolvedHost.Packages p, Body.Format f, Served b) {
      boolean same = p.equals(packages);
      Served y = f == Body.Format.YAML ? b : same ? yaml : null;
      Served j = f == Body.Format.JSON ? b : same ? json : null;
      return new Cached(p, y, j);
    }
  }

  /** The body, rendered on a miss; a bad or unknown host throws as the view does. */
  Body body(RepoView v, String host, Body.Format format) {
    ResolvedHost r = v.resolved(host, catalog);
    Cached c = v.rendered(host) instanceof Cached x ? x : null;
    Served b = c == null ? null : c.get(format);
    if (b != null && c.packages().equals(r.packages())) {
      return b.body();
    }
    b = new Served(Body.of(r, format));
    Cached was = c == null ? new Cached(r.packages(), null, null) : c;
    v.rendered(host, was.with(r.packages(), format, b));
    return b.body();
  }

  /**
   * The body when it is already rendered and still valid, else null; never renders and never throws
   * (a catalog that cannot answer leaves the request to the full route, which reports it).
   */
  Served cachedOrNull(RepoView v, String host, Body.Format format) {
    if (!(v.rendered(host) instanceof Cached c)) {
      return null;
    }
    Served b = c.get(format);
    if (b == null) {
      return null;
    }
    try {
      ResolvedHost.Packages now = v.resolved(host, catalog).packages();
      return now == c.packages() || now.equals(c.packages()) ? b : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
