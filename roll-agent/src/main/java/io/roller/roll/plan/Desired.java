package io.roller.roll.plan;

import io.roller.model.PackageRef;
import io.roller.model.ResolvedHost;
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
    ResolvedHost.Packages p = host.packages();
    List<ResolvedHost.Package> set = p == null ? null : failsafe ? p.failsafe() : p.production();
    return set == null ? List.of() : set;
  }
}
