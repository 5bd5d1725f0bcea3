package io.roller.foreman.plan;

import io.roller.foreman.etc.EtcFiles;
import java.util.Map;

/**
 * What the host holds before a sync, read up front so that planning is a pure function of it: the
 * account databases, foreman's record of the users it created, and the state of every home path
 * {@link HomePaths} says the plan may look at (absolute host paths, "/home/jane/.bashrc").
 */
public record Current(EtcFiles etc, Managed managed, Map<String, FileState> homes) {
  public Current {
    homes = Map.copyOf(homes);
  }

  /**
   * The state read for path. A path that was not read is a bug in {@link HomePaths}, not an absent
   * file: taking it as absent could plan a revoke that leaves the keys in place, so it fails
   * loudly.
   */
  FileState home(String path) {
    FileState s = homes.get(path);
    if (s == null) {
      throw new IllegalStateException(
          path + " was not read before planning (HomePaths does not list it)");
    }
    return s;
  }
}
