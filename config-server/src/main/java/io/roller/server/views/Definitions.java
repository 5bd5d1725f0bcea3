package io.roller.server.views;

import io.roller.model.ConfigRepo;
import io.roller.model.HostclassVersion;
import io.roller.model.Names;
import io.roller.model.PackageRef;
import io.roller.model.ValidationException;
import io.roller.server.core.DomainException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** The hostclass and colo views of one commit's config: names, definitions and their checks. */
final class Definitions {
  private final ConfigRepo repo;

  Definitions(ConfigRepo repo) {
    this.repo = repo;
  }

  /** Hostclass names, including ones whose every version fails to validate. */
  List<String> hostclassNames() {
    TreeSet<String> names = new TreeSet<>(repo.hostclasses().keySet());
    for (String path : repo.fileErrors().keySet()) {
      String[] p = path.split("/");
      if (p.length == 3 && p[0].equals("hostclass")) {
        names.add(p[1]);
      }
    }
    return List.copyOf(names);
  }

  HostclassView hostclass(String name) {
    requireHostclass(name);
    NavigableMap<String, HostclassVersion> versions = repo.hostclasses().get(name);
    Map<String, String> invalid = new LinkedHashMap<>();
    repo.fileErrors()
        .forEach(
            (path, e) -> {
              if (path.startsWith("hostclass/" + name + "/")) {
                invalid.put(path, e.getMessage());
              }
            });
    return new HostclassView(
        name, versions == null ? List.of() : List.copyOf(versions.keySet()), invalid);
  }

  HostclassVersionView hostclassVersion(String name, String version) {
    requireHostclass(name);
    requireVersion(version);
    ValidationException e = repo.fileErrors().get("hostclass/" + name + "/" + version + ".yml");
    if (e != null) {
      throw e;
    }
    NavigableMap<String, HostclassVersion> versions = repo.hostclasses().get(name);
    HostclassVersion hc = versions == null ? null : versions.get(version);
    if (hc == null) {
      throw DomainException.notFound("hostclass " + name + " has no version " + version);
    }
    return new HostclassVersionView(
        name,
        version,
        new HostclassVersionView.Packages(refs(hc.production()), refs(hc.failsafe())),
        new TreeMap<>(hc.params()));
  }

  private static List<String> refs(List<PackageRef> refs) {
    return refs.stream().map(PackageRef::toString).toList();
  }

  void requireHostclass(String name) {
    checkName("hostclass", name);
    if (!repo.hostclasses().containsKey(name) && !hostclassNames().contains(name)) {
      throw DomainException.notFound("no hostclass " + name + " (no hostclass/" + name + "/)");
    }
  }

  static void requireVersion(String version) {
    if (!Names.isVersion(version)) {
      throw DomainException.badRequest("malformed version '" + printable(version) + "'");
    }
  }

  List<String> coloNames() {
    TreeSet<String> names = new TreeSet<>(repo.colos().keySet());
    for (String path : repo.fileErrors().keySet()) {
      String[] p = path.split("/");
      if (p.length == 2 && p[0].equals("colo") && p[1].endsWith(".yml")) {
        names.add(p[1].substring(0, p[1].length() - 4));
      }
    }
    return List.copyOf(names);
  }

  ColoView colo(String name) {
    requireColo(name);
    ValidationException e = repo.fileErrors().get("colo/" + name + ".yml");
    if (e != null) {
      throw e;
    }
    return new ColoView(name, new TreeMap<>(repo.colos().get(name).params()));
  }

  void requireColo(String name) {
    checkName("colo", name);
    if (!repo.hasColo(name)) {
      throw DomainException.notFound("no colo " + name + " (no colo/" + name + ".yml)");
    }
  }

  static void checkName(String what, String name) {
    if (!Names.isName(name)) {
      throw DomainException.badRequest(
          "malformed " + what + " name '" + printable(name) + "': want [a-z0-9][a-z0-9._-]*");
    }
  }

  static String printable(String s) {
    return s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
  }
}
