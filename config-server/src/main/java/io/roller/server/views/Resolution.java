package io.roller.server.views;

import io.roller.model.ConfigRepo;
import io.roller.model.PackageRef;
import io.roller.model.ResolvedHost;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.packages.PackageMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a host's resolved view is made: once per commit without the catalog, then stamped with the
 * catalog's sha256, size and url of the packages it holds.
 */
final class Resolution {
  private Resolution() {}

  /**
   * A host's resolved view without the catalog, with its package refs parsed once (a PackageRef
   * validates its name and version with two regexes), production's first.
   */
  record Base(ResolvedHost host, PackageRef[] refs) {
    static Base of(ResolvedHost host) {
      List<ResolvedHost.Package> prod = host.packages().production();
      List<ResolvedHost.Package> fail = host.packages().failsafe();
      PackageRef[] refs = new PackageRef[prod.size() + fail.size()];
      for (int i = 0; i < refs.length; i++) {
        refs[i] = (i < prod.size() ? prod.get(i) : fail.get(i - prod.size())).ref();
      }
      return new Base(host, refs);
    }

    /** The catalog's entry for each ref, in {@link #refs} order; null when it holds none. */
    PackageMeta[] metas(PackageCatalog catalog) {
      PackageMeta[] metas = null;
      for (int i = 0; i < refs.length; i++) {
        Optional<PackageMeta> m = catalog.find(refs[i]);
        if (m.isPresent()) {
          if (metas == null) {
            metas = new PackageMeta[refs.length];
          }
          metas[i] = m.get();
        }
      }
      return metas;
    }
  }

  /**
   * The last answer with catalog metadata and the catalog entries it was made from: stamping a
   * desired-state hash costs a serialization and a SHA-256.
   */
  record Stamped(PackageMeta[] metas, ResolvedHost host) {}

  /** The resolved view of a host that exists, without the catalog. */
  static ResolvedHost resolve(ConfigRepo.Resolved r, String hostname, String revision) {
    Map<String, String> origins = new LinkedHashMap<>();
    r.params().origins().forEach((k, v) -> origins.put(k, v.name()));
    return DesiredState.stamp(
        new ResolvedHost(
            hostname,
            r.colo().name(),
            r.hostclass().name(),
            r.hostclass().version(),
            revision,
            null,
            new ResolvedHost.Packages(
                bare(r.hostclass().production()), bare(r.hostclass().failsafe())),
            r.params().values(),
            origins,
            ResolvedHost.secretsOf(r.params().values())));
  }

  private static List<ResolvedHost.Package> bare(List<PackageRef> refs) {
    return refs.stream()
        .map(p -> new ResolvedHost.Package(p.name(), p.version(), null, null, null))
        .toList();
  }

  /** {@code base} with the catalog's metadata, {@code metas} in {@link Base#refs} order. */
  static ResolvedHost withMeta(ResolvedHost base, PackageMeta[] metas) {
    List<ResolvedHost.Package> prod = base.packages().production();
    List<ResolvedHost.Package> fail = base.packages().failsafe();
    return DesiredState.stamp(
        new ResolvedHost(
            base.hostname(),
            base.colo(),
            base.hostclass(),
            base.version(),
            base.revision(),
            null,
            new ResolvedHost.Packages(withMeta(prod, metas, 0), withMeta(fail, metas, prod.size())),
            base.params(),
            base.paramOrigins(),
            base.secrets()));
  }

  /** The same list when the catalog knows none of them. */
  private static List<ResolvedHost.Package> withMeta(
      List<ResolvedHost.Package> pkgs, PackageMeta[] metas, int from) {
    List<ResolvedHost.Package> out = null;
    for (int i = 0; i < pkgs.size(); i++) {
      PackageMeta m = metas[from + i];
      if (m != null) {
        if (out == null) {
          out = new ArrayList<>(pkgs);
        }
        ResolvedHost.Package p = pkgs.get(i);
        out.set(i, new ResolvedHost.Package(p.name(), p.version(), m.sha256(), m.size(), m.url()));
      }
    }
    return out == null ? pkgs : List.copyOf(out);
  }
}
