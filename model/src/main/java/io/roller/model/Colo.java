package io.roller.model;

import java.util.Map;
import java.util.Set;

/** A datacenter, from {@code colo/<name>.yml}. */
public record Colo(String name, Map<String, Object> params) {
  private static final Set<String> KEYS = Set.of("params", "description");

  public Colo {
    params = Map.copyOf(params);
  }

  /** Parses {@code colo/<name>.yml}. */
  public static Colo parse(String file, String name, String text) {
    if (!Names.isName(name)) {
      throw new ValidationException(file, 0, null, "bad colo name '" + name + "'");
    }
    Map<String, YamlNode> e = YamlNode.parse(file, text).entries(KEYS);
    if (e.containsKey("description")) {
      e.get("description").text();
    }
    return new Colo(name, Params.read(e.get("params")));
  }
}
