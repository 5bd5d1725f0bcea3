package io.roller.server.views;

import io.roller.model.ConfigRepo;
import io.roller.model.Host;
import io.roller.model.HostclassVersion;
import io.roller.model.PackageRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which hosts use each colo, hostclass and package, for one commit; lists are sorted by hostname. A
 * commit that changes only a few host files derives its index from the previous commit's by
 * patching the lists those hosts are in, instead of walking every host again.
 */
public final class HostIndex {
  /** Past this many changed hosts a full build is as cheap as patching. */
  static final int MAX_PATCHED_HOSTS = 256;

  private final Map<String, List<String>> byColo;
  private final Map<String, List<HostVersion>> byHostclass;
  private final Map<String, List<HostVersion>> byPackage;
  private final boolean incremental;

  HostIndex(ConfigRepo repo) {
    byColo = new TreeMap<>();
    byHostclass = new TreeMap<>();
    byPackage = new TreeMap<>();
    for (Host h : repo.hosts().values()) {
      add(repo, h);
    }
    freeze(byColo);
    freeze(byHostclass);
    freeze(byPackage);
    incremental = false;
  }

  private HostIndex(HostIndex prev, ConfigRepo before, ConfigRepo after, Set<String> changed) {
    byColo = new TreeMap<>(prev.byColo);
    byHostclass = new TreeMap<>(prev.byHostclass);
    byPackage = new TreeMap<>(prev.byPackage);
    Map<String, List<String>> colos = new TreeMap<>();
    Map<String, List<HostVersion>> classes = new TreeMap<>();
    Map<String, List<HostVersion>> packages = new TreeMap<>();
    for (String name : changed) {
      Host old = before.hosts().get(name);
      if (old != null) {
        editable(byColo, colos, old.colo()).remove(name);
        editable(byHostclass, classes, old.hostclass()).removeIf(v -> v.hostname().equals(name));
        for (PackageRef p : packagesOf(before, old)) {
          editable(byPackage, packages, p.name()).removeIf(v -> v.hostname().equals(name));
        }
      }
      Host now = after.hosts().get(name);
      if (now != null) {
        editable(byColo, colos, now.colo()).add(name);
        editable(byHostclass, classes, now.hostclass()).add(new HostVersion(name, now.version()));
        for (PackageRef p : packagesOf(after, now)) {
          editable(byPackage, packages, p.name()).add(new HostVersion(name, p.version()));
        }
      }
    }
    settle(byColo, colos, Comparator.naturalOrder());
    settle(byHostclass, classes, Comparator.comparing(HostVersion::hostname));
    settle(byPackage, packages, Comparator.comparing(HostVersion::hostname));
    incremental = true;
  }

  /**
   * The index of {@code after}, patched from {@code prev} (the index of {@code before}) when only
   * host files changed and few of them; built in full otherwise. Parsed files are shared between
   * commits by blob id, so an unchanged file is the same object in both.
   */
  static HostIndex next(HostIndex prev, ConfigRepo before, ConfigRepo after) {
    if (prev == null || before == null || !sameRefs(before, after)) {
      return new HostIndex(after);
    }
    Set<String> changed = new TreeSet<>();
    for (String name : union(before.hosts().keySet(), after.hosts().keySet())) {
      if (before.hosts().get(name) != after.hosts().get(name)
          || before.hostErrors().get(name) != after.hostErrors().get(name)) {
        changed.add(name);
        if (changed.size() > MAX_PATCHED_HOSTS) {
          return new HostIndex(after);
        }
      }
    }
    return new HostIndex(prev, before, after, changed);
  }

  /** True when this index was patched from the previous commit's. */
  boolean incremental() {
    return incremental;
  }

  private static boolean sameRefs(ConfigRepo a, ConfigRepo b) {
    if (!a.hostclasses().keySet().equals(b.hostclasses().keySet())) {
      return false;
    }
    for (Map.Entry<String, NavigableMap<String, HostclassVersion>> e : a.hostclasses().entrySet()) {
      NavigableMap<String, HostclassVersion> other = b.hostclasses().get(e.getKey());
      if (!e.getValue().keySet().equals(other.keySet())) {
        return false;
      }
      for (Map.Entry<String, HostclassVersion> v : e.getValue().entrySet()) {
        if (v.getValue() != other.get(v.getKey())) {
          return false;
        }
      }
    }
    return true;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  private void add(ConfigRepo repo, Host h) {
    byColo.computeIfAbsent(h.colo(), k -> new ArrayList<>()).add(h.hostname());
    byHostclass
        .computeIfAbsent(h.hostclass(), k -> new ArrayList<>())
        .add(new HostVersion(h.hostname(), h.version()));
    for (PackageRef p : packagesOf(repo, h)) {
      byPackage
          .computeIfAbsent(p.name(), k -> new ArrayList<>())
          .add(new HostVersion(h.hostname(), p.version()));
    }
  }

  private static List<PackageRef> packagesOf(ConfigRepo repo, Host h) {
    if (repo.hostErrors().containsKey(h.hostname())) {
      return List.of(); // its packages are unknown until it validates
    }
    return repo.hostclasses().get(h.hostclass()).get(h.version()).allPackages();
  }

  /** A mutable copy of one list, made once per key and kept in {@code edits}. */
  private static <T> List<T> editable(
      Map<String, List<T>> index, Map<String, List<T>> edits, String key) {
    return edits.computeIfAbsent(key, k -> new ArrayList<>(index.getOrDefault(k, List.of())));
  }

  private static <T> void settle(
      Map<String, List<T>> index, Map<String, List<T>> edits, Comparator<T> order) {
    edits.forEach(
        (k, list) -> {
          if (list.isEmpty()) {
            index.remove(k);
          } else {
            list.sort(order);
            index.put(k, List.copyOf(list));
          }
        });
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
