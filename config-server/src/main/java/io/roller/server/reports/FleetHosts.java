package io.roller.server.reports;

import io.roller.model.ConfigRepo;
import io.roller.model.Host;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.views.RepoView;
import java.util.ArrayList;
import java.util.List;

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
        var r = v.resolved(name, catalog);
        complete &=
            r.packages().production().stream().allMatch(p -> p.sha256() != null)
                && r.packages().failsafe().stream().allMatch(p -> p.sha256() != null);
        out.add(
            new FleetView.HostDesired(
                name, r.colo(), r.hostclass(), r.version(), r.desired(), null));
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
}
