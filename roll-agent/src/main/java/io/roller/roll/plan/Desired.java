package io.roller.roll.plan;

import io.roller.model.ResolvedHost;
import java.util.List;
import java.util.Map;

/**
 * What the host should be: the server's resolved view, which set to use, and each package's index
 * by ref.
 */
public record Desired(ResolvedHost host, boolean failsafe, Map<String, PackageIndex> indexes) {
  /** The package set this roll installs, in hostclass order. */
  public List<ResolvedHost.Package> packages() {
    ResolvedHost.Packages p = host.packages();
    List<ResolvedHost.Package> set = p == null ? null : failsafe ? p.failsafe() : p.production();
    return set == null ? List.of() : set;
  }
}
