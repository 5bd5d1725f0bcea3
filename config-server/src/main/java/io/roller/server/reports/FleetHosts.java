package io.roller.server.reports;

import io.roller.model.ConfigRepo;
import io.roller.model.Host;
import io.roller.model.PackageRef;
import io.roller.server.DomainException;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.packages.PackageMeta;
import io.roller.server.views.RepoView;
import java.util.ArrayList;
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

  private record Cached(List<FleetView.HostDesired> hosts, boolean complete, long at) {}

  public static List<FleetView.HostDesired> of(RepoView v, PackageCatalog catalog) {
    Object hit = v.memo().get(KEY);
    long now = System.currentTimeMillis();
    if (hit instanceof Cached c && (c.complete() || now - c.at() < RECHECK_MS)) {
      return c.hosts();
    }
    ConfigRepo repo = v.snapshot().config();
    Map<String, FleetView.HostDesired> before = new HashMap<>();
    if (hit instanceof Cached c) {
      c.hosts().forEach(h -> before.put(h.hostname(), h));
    }
    PackageCatalog once = new OncePerRef(catalog);
    List<FleetView.HostDesired> out = new ArrayList<>();
    boolean complete = true;
    for (String name : v.hostNames(null, null)) {
      Host h = repo.hosts().get(name);
      if (h == null) {
        Object err = repo.hostErrors().get(name);
        out.add(new FleetView.HostDesired(name, null, null, null, null, String.valueOf(err)));
        continue;
      }
      try {
        var r = v.resolved(name, once);
        complete &=
            r.packages().production().stream().allMatch(p -> p.sha256() != null)
                && r.packages().failsafe().stream().allMatch(p -> p.sha256() != null);
        out.add(
            new FleetView.HostDesired(
                name, r.colo(), r.hostclass(), r.version(), r.desired(), null));
      } catch (DomainException e) {
        // The package store is away: keep what this host's id was when it last answered.
        complete = false;
        FleetView.HostDesired last = before.get(name);
        out.add(
            last != null
                ? last
                : new FleetView.HostDesired(
                    name, h.colo(), h.hostclass(), h.version(), null, e.getMessage()));
      } catch (RuntimeException e) {
        out.add(
            new FleetView.HostDesired(
                name, h.colo(), h.hostclass(), h.version(), null, e.getMessage()));
      }
    }
    List<FleetView.HostDesired> hosts = List.copyOf(out);
    v.memo().put(KEY, new Cached(hosts, complete, now));
    return hosts;
  }

  /**
   * Looks each package up once per pass, and after one failure fails the rest at once: with S3
   * away, ten thousand hosts must not each wait on it.
   */
  private static final class OncePerRef implements PackageCatalog {
    private final PackageCatalog catalog;
    private final Map<PackageRef, Optional<PackageMeta>> seen = new HashMap<>();
    private DomainException down;

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
