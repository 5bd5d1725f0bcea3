package io.roller.roll.plan;

import io.roller.model.PackageRef;
import io.roller.model.ResolvedHost;
import io.roller.roll.core.RollException;
import java.util.List;
import java.util.Map;

/**
 * What the host should be: the server's resolved view, which set to use, and each package's index
 * by ref.
 */
public record Desired(
    ResolvedHost host,
    boolean failsafe,
    Map<PackageRef, PackageIndex> indexes,
    Map<String, String> secrets) {
  /** A host without secret params. */
  public Desired(ResolvedHost host, boolean failsafe, Map<PackageRef, PackageIndex> indexes) {
    this(host, failsafe, indexes, Map.of());
  }

  /** {@code secrets}: the plaintext of each secret param, by name; only templates see it. */
  public Desired {
    secrets = secrets == null ? Map.of() : secrets;
  }

  /** The package set this roll installs, in hostclass order. */
  public List<ResolvedHost.Package> packages() {
    return packages(host, failsafe);
  }

  /** The set a host installs (production, or failsafe), in hostclass order. */
  public static List<ResolvedHost.Package> packages(ResolvedHost host, boolean failsafe) {
    ResolvedHost.Packages p = host.packages();
    List<ResolvedHost.Package> set = p == null ? null : failsafe ? p.failsafe() : p.production();
    return set == null ? List.of() : set;
  }

  /**
   * The set, once every package of it is on the server (the view carries its sha256 and url): the
   * one check, made before anything is fetched and again by the planner; {@code server} names it in
   * the error (null: unnamed).
   */
  public static List<ResolvedHost.Package> onServer(
      ResolvedHost host, boolean failsafe, Object server) {
    List<ResolvedHost.Package> set = packages(host, failsafe);
    for (ResolvedHost.Package p : set) {
      if (p.sha256() == null || p.url() == null) {
        throw new RollException(
            "package "
                + p.ref()
                + " (hostclass "
                + host.hostclass()
                + " "
                + host.version()
                + ") is not on the server"
                + (server == null ? "" : " " + server));
      }
    }
    return set;
  }
}
