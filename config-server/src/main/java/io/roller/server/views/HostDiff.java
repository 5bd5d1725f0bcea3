package io.roller.server.views;

import io.roller.model.ResolvedHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** What changed in one host's resolved view between two revisions, field by field. */
public final class HostDiff {
  private HostDiff() {}

  /**
   * One changed field: {@code what} is e.g. {@code version}, {@code params.heap_mb}, {@code
   * packages.production}.
   */
  public record Change(String what, Object from, Object to) {}

  /**
   * The diff; a null side means the host does not exist (or does not validate) at that revision.
   */
  public static Map<String, Object> between(
      String hostname, String fromRev, ResolvedHost a, String toRev, ResolvedHost b) {
    List<Change> changes = new ArrayList<>();
    if (a == null || b == null) {
      if (a != b) {
        changes.add(new Change("exists", a != null, b != null));
      }
    } else {
      field(changes, "colo", a.colo(), b.colo());
      field(changes, "hostclass", a.hostclass(), b.hostclass());
      field(changes, "version", a.version(), b.version());
      field(
          changes,
          "packages.production",
          refs(a.packages().production()),
          refs(b.packages().production()));
      field(
          changes,
          "packages.failsafe",
          refs(a.packages().failsafe()),
          refs(b.packages().failsafe()));
      TreeSet<String> keys = new TreeSet<>(a.params().keySet());
      keys.addAll(b.params().keySet());
      for (String k : keys) {
        field(changes, "params." + k, a.params().get(k), b.params().get(k));
        field(changes, "param_origins." + k, a.paramOrigins().get(k), b.paramOrigins().get(k));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("hostname", hostname);
    out.put("from", fromRev);
    out.put("to", toRev);
    out.put("changes", changes);
    return out;
  }

  private static void field(List<Change> changes, String what, Object from, Object to) {
    if (!Objects.equals(from, to)) {
      changes.add(new Change(what, from, to));
    }
  }

  private static List<String> refs(List<ResolvedHost.Package> pkgs) {
    return pkgs.stream().map(p -> p.name() + "-" + p.version()).toList();
  }
}
