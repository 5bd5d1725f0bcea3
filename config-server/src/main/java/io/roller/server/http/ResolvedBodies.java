package io.roller.server.http;

import io.roller.model.ResolvedHost;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.views.RepoView;

/**
 * The serialized {@code /host/{h}/resolved} bodies of a commit, per host and format, kept in the
 * view's host memo. They are revalidated against the package catalog on every use: an upload
 * changes a host's answer without a new commit.
 */
final class ResolvedBodies {
  private final PackageCatalog catalog;

  ResolvedBodies(PackageCatalog catalog) {
    this.catalog = catalog;
  }

  /** Both formats' bodies of one host for the packages they were rendered with (null: not yet). */
  private record Cached(ResolvedHost.Packages packages, Body yaml, Body json) {
    Body get(Body.Format f) {
      return f == Body.Format.JSON ? json : yaml;
    }

    Cached with(ResolvedHost.Packages p, Body.Format f, Body b) {
      boolean same = p.equals(packages);
      Body y = f == Body.Format.YAML ? b : same ? yaml : null;
      Body j = f == Body.Format.JSON ? b : same ? json : null;
      return new Cached(p, y, j);
    }
  }

  /** The body, rendered on a miss; a bad or unknown host throws as the view does. */
  Body body(RepoView v, String host, Body.Format format) {
    ResolvedHost r = v.resolved(host, catalog);
    Cached c = v.hostMemo().get(host) instanceof Cached x ? x : null;
    Body b = c == null ? null : c.get(format);
    if (b != null && c.packages().equals(r.packages())) {
      return b;
    }
    b = Body.of(r, format);
    Cached was = c == null ? new Cached(r.packages(), null, null) : c;
    v.hostMemo().put(host, was.with(r.packages(), format, b));
    return b;
  }

  /**
   * The body when it is already rendered and still valid, else null; never renders and never throws
   * (a catalog that cannot answer leaves the request to the full route, which reports it).
   */
  Body cachedOrNull(RepoView v, String host, Body.Format format) {
    if (!(v.hostMemo().get(host) instanceof Cached c)) {
      return null;
    }
    Body b = c.get(format);
    if (b == null) {
      return null;
    }
    try {
      return c.packages().equals(v.resolved(host, catalog).packages()) ? b : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
