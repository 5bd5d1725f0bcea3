package io.roller.server.views;

import io.roller.model.ConfigRepo;
import io.roller.server.core.DomainException;
import java.util.List;
import java.util.TreeSet;

/** The 404 for a host not in the repo, with the names an operator probably meant. */
final class HostNotFound {
  private HostNotFound() {}

  static DomainException of(ConfigRepo repo, String hostname, String shortRevision) {
    return DomainException.notFound(
        "no host "
            + hostname
            + " (no host/"
            + hostname
            + ".yml at "
            + shortRevision
            + ")"
            + suggestions(repo, hostname));
  }

  /**
   * "; did you mean ..." with the hosts whose name starts with the one given ({@code web01} for
   * {@code web01.nyc1}) or shares its first label ({@code web01.nyc2} for {@code web01.sjc1});
   * empty when none.
   */
  private static String suggestions(ConfigRepo repo, String hostname) {
    String first = hostname.split("\\.", 2)[0];
    TreeSet<String> all = new TreeSet<>(repo.hosts().keySet());
    all.addAll(repo.hostErrors().keySet());
    List<String> near =
        all.stream()
            .filter(h -> h.startsWith(hostname + ".") || h.split("\\.", 2)[0].equals(first))
            .limit(10)
            .toList();
    return near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?";
  }
}
