package io.roller.server.views;

import io.roller.model.ConfigRepo;
import io.roller.model.Host;
import io.roller.model.HostclassVersion;
import io.roller.model.PackageRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which hosts use each colo, hostclass and package, for one commit. Built once per commit in one
 * pass over the hosts (10,000 hosts take a few milliseconds, so no incremental update is needed);
 * lists are sorted by hostname.
 */
public final class HostIndex {
  private final Map<String, List<String>> byColo = new TreeMap<>();
  private final Map<String, List<HostVersion>> byHostclass = new TreeMap<>();
  private final Map<String, List<HostVersion>> byPackage = new TreeMap<>();

  HostIndex(ConfigRepo repo) {
    Map<String, NavigableMap<String, HostclassVersion>> classes = repo.hostclasses();
    for (Host h : repo.hosts().values()) {
      byColo.computeIfAbsent(h.colo(), k -> new ArrayList<>()).add(h.hostname());
      byHostclass.computeIfAbsent(h.hostclass(), k -> new ArrayList<>()).add(new HostVersion(h.hostname(), h.version()));
      if (repo.hostErrors().containsKey(h.hostname())) {
        continue; // its packages are unknown until it validates
      }
      HostclassVersion hc = classes.get(h.hostclass()).get(h.version());
      for (PackageRef p : hc.allPackages()) {
        byPackage.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(new HostVersion(h.hostname(), p.version()));
      }
    }
    freeze(byColo);
    freeze(byHostclass);
    freeze(byPackage);
  }

  private static <T> void freeze(Map<String, List<T>> m) {
    m.replaceAll((k, v) -> List.copyOf(v));
  }

  /** Hosts in a colo (host files that parsed). */
  public List<String> coloHosts(String colo) {
    return byColo.getOrDefault(colo, List.of());
  }

  /** Hosts of a hostclass with the version each uses. */
  public List<HostVersion> hostclassHosts(String hostclass) {
    return byHostclass.getOrDefault(hostclass, List.of());
  }

  /** Hosts that get a package (production or failsafe), with the version each gets. */
  public List<HostVersion> packageHosts(String name) {
    return byPackage.getOrDefault(name, List.of());
  }

  /** Every package name some valid host uses. */
  public Set<String> packages() {
    return Collections.unmodifiableSet(byPackage.keySet());
  }
}
