package io.roller.roll.plan;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which services a roll restarts. Roll does not know which package's files a service uses, so a
 * change to the package set (or to any service) restarts every service; a change of rendered files
 * alone (a param, a secret) restarts only the services of the packages whose rendered files
 * changed. A service without a check is always restarted: a later roll could not tell it stopped
 * from running, so it is never left to run from an older generation.
 */
final class Restarts {
  private Restarts() {}

  /** The services of {@code target} to (re)start, in its order. */
  static List<ServiceSpec> of(
      GenerationRecord current,
      GenerationRecord target,
      List<PackageIndex> indexes,
      boolean force) {
    if (force
        || current == null
        || current.files() == null
        || !current.packages().equals(target.packages())
        || !current.services().equals(target.services())) {
      return target.services();
    }
    Set<String> touched = rendered(current, target, indexes);
    return target.services().stream()
        .filter(s -> s.check() == null || touched.contains(s.pkg()))
        .toList();
  }

  /** The packages whose rendered files differ (content, mode or size) between the two. */
  private static Set<String> rendered(
      GenerationRecord current, GenerationRecord target, List<PackageIndex> indexes) {
    Map<String, FileEntry> before = byPath(current.files());
    Map<String, FileEntry> after = byPath(target.files());
    Set<String> out = new HashSet<>();
    for (PackageIndex idx : indexes) {
      for (FileEntry e : idx.entries()) {
        String path = Planner.renderedPath(e);
        if (path != null && !Objects.equals(before.get(path), after.get(path))) {
          out.add(idx.name());
        }
      }
    }
    return out;
  }

  private static Map<String, FileEntry> byPath(List<FileEntry> files) {
    Map<String, FileEntry> out = new HashMap<>();
    files.forEach(f -> out.put(f.path(), f));
    return out;
  }
}
