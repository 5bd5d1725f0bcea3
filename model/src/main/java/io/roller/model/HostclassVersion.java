package io.roller.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One released version of a hostclass, from {@code hostclass/<name>/<version>.yml}. */
public record HostclassVersion(
    String name,
    String version,
    List<PackageRef> production,
    List<PackageRef> failsafe,
    Map<String, Object> params) {
  private static final Set<String> KEYS = Set.of("packages", "params", "description");
  private static final Set<String> SETS = Set.of("production", "failsafe");

  public HostclassVersion {
    production = List.copyOf(production);
    failsafe = List.copyOf(failsafe);
    params = Map.copyOf(params);
  }

  /** Parses {@code hostclass/<name>/<version>.yml}. */
  public static HostclassVersion parse(String file, String name, String version, String text) {
    if (!Names.isName(name)) {
      throw new ValidationException(file, 0, null, "bad hostclass name '" + name + "'");
    }
    if (!Names.isVersion(version)) {
      throw new ValidationException(file, 0, null, "bad hostclass version '" + version + "'");
    }
    YamlNode root = YamlNode.parse(file, text);
    Map<String, YamlNode> e = root.entries(KEYS);
    if (e.containsKey("description")) {
      e.get("description").text();
    }
    YamlNode packages = e.get("packages");
    if (packages == null) {
      throw root.error("missing key 'packages' (with 'production' and optionally 'failsafe')");
    }
    Map<String, YamlNode> sets = packages.entries(SETS);
    if (!sets.containsKey("production")) {
      throw packages.error("missing key 'packages.production'");
    }
    List<PackageRef> production = refs(sets.get("production"));
    List<PackageRef> failsafe =
        sets.containsKey("failsafe") ? refs(sets.get("failsafe")) : List.of();
    return new HostclassVersion(name, version, production, failsafe, Params.read(e.get("params")));
  }

  /** Both sets, production first, without repeats. */
  public List<PackageRef> allPackages() {
    List<PackageRef> all = new ArrayList<>(production);
    for (PackageRef r : failsafe) {
      if (!all.contains(r)) {
        all.add(r);
      }
    }
    return all;
  }

  private static List<PackageRef> refs(YamlNode list) {
    if (list.isNull()) {
      return List.of();
    }
    List<PackageRef> out = new ArrayList<>();
    Map<String, YamlNode> byName = new HashMap<>();
    for (YamlNode item : list.items()) {
      PackageRef ref;
      try {
        ref = PackageRef.parse(item.text());
      } catch (IllegalArgumentException ex) {
        throw item.error(ex.getMessage());
      }
      YamlNode earlier = byName.putIfAbsent(ref.name(), item);
      if (earlier != null) {
        throw item.error(
            "package '"
                + ref.name()
                + "' appears twice in one set (also at line "
                + earlier.line()
                + ")");
      }
      out.add(ref);
    }
    return out;
  }
}
