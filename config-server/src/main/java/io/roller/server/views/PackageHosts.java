package io.roller.server.views;

import java.util.List;

/**
 * Which hosts get a package, at one revision of the config repo: the server's per-commit index,
 * wired into {@code GET /package/{name}/hosts}.
 */
@FunctionalInterface
public interface PackageHosts {
  /** The hosts at a revision (commit id) and that revision. */
  record Answer(String revision, List<HostVersion> hosts) {}

  /** Hosts getting package {@code name} at {@code rev} (null: the tracked branch's head). */
  Answer hostsUsing(String name, String rev);
}
