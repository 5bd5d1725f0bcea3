package io.roller.server.reports;

import io.roller.model.ConfigRepo;
import io.roller.model.Host;
import io.roller.model.PackageRef;
import io.roller.server.core.DomainException;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.packages.PackageMeta;
import io.roller.server.views.RepoView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hosts of one commit with their desired-state ids, as {@code /host/{h}/resolved} serves them
 * (package metadata included). Kept in the commit's memo; recomputed at most every {@link
 * #RECHECK_MS} while some host's packages are not all stored yet (an upload changes its id).
 */
public final class FleetHosts {
  static final long RECHECK_MS = 10_000;
  private static final String KEY = "fleet-hosts";

  private FleetHosts() {}

  /** The hosts, and those whose packages were not all stored (their ids may still change). */
  private record Cached(
      List<FleetView.HostDesired> hosts, java.util.Set<String> incomplete, long at) {}

  public static List<FleetView.HostDesired> of(RepoView v, PackageCatalog catalog) {
    Object hit = v.memo().get(KEY);
    long now = System.currentTimeMillis();
    if (hit instanceof Cached c && (c.incomplete().isEmpty() || now - c.at() < RECHECK_MS)) {
      return c.hosts();
    }
    ConfigRepo repo = v.snapshot().config();
    Map<String, FleetView.HostDesired> before = new HashMap<>();
    if (hit instanceof Cached c) {
      c.hosts().forEach(h -> before.put(h.hostname(), h));
    }
    PackageCatalog once = new OncePerRef(catalog);
    java.util.Set<String> incomplete = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.Set<String> recheck = hit instanceof Cached c ? c.incomplete() : null;
    // Ten thousand desired-state ids are a digest each: spread them over the cores; on a recheck
    // only the hosts whose packages were missing are looked at again.
    List<FleetView.HostDesired> hosts =
        v.hostNames(null, null).parallelStream()
            .map(
                name ->
                    recheck != null && !recheck.contains(name) && before.containsKey(name)
                        ? before.get(name)
                        : host(v, repo, name, once, before, incomplete))
            .toList();
    v.memo().put(KEY, new Cached(hosts, java.util.Set.copyOf(incomplete), now));
    return hosts;
  }

  private static FleetView.HostDesired host(
      RepoView v,
      ConfigRepo repo,
      String name,
      PackageCatalog catalog,
      Map<String, FleetView.HostDesired> before,
      java.util.Set<String> incomplete) {
    Host h = repo.hosts().get(name);
    if (h == null) {
      Object err = repo.hostErrors().get(name);
      return new FleetView.HostDesired(name, null, null, null, null, String.valueOf(err));
    }
    try {
      var r = v.resolved(name, catalog);
      if (!(r.packages().production().stream().allMatch(p -> p.sha256() != null)
          && r.packages().failsafe().stream().allMatch(p -> p.sha256() != null))) {
        incomplete.add(name);
      }
      return new FleetView.HostDesired(
          name, r.colo(), r.hostclass(), r.version(), r.desired(), null);
    } catch (DomainException e) {
      // The package store is away: keep what this host's id was when it last answered.
      incomplete.add(name);
      FleetView.HostDesired last = before.get(name);
      return last != null
          ? last
          : new FleetView.HostDesired(
              name, h.colo(), h.hostclass(), h.version(), null, e.getMessage());
    } catch (RuntimeException e) {
      return new FleetView.HostDesired(
          name, h.colo(), h.hostclass(), h.version(), null, e.getMessage());
    }
  }

  /**
   * Looks each package up once per pass, and after one failure fails the rest at once: with S3
   * away, ten thousand hosts must not each wait on it.
   */
  private static final class OncePerRef implements PackageCatalog {
    private final PackageCatalog catalog;
    private final Map<PackageRef, Optional<PackageMeta>> seen =
        new java.util.concurrent.ConcurrentHashMap<>();
    private volatile DomainException down;

    OncePerRef(PackageCatalog catalog) {
      this.catalog = catalog;
    }

    @Override
    public Optional<PackageMeta> find(PackageRef ref) {
      Optional<PackageMeta> m = seen.get(ref);
      if (m != null) {
        return m;
      }
      if (down != null) {
        throw down;
      }
      try {
        m = catalog.find(ref);
      } catch (DomainException e) {
        down = e;
        throw e;
      }
      seen.put(ref, m);
      return m;
    }
  }
}
