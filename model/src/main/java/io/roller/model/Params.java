package io.roller.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Reads a {@code params:} mapping and merges params host &gt; hostclass &gt; colo. */
public final class Params {
  private Params() {}

  /** Where a merged param came from. */
  public enum Origin {
    colo,
    hostclass,
    host
  }

  /** Merged params with each key's origin, keys sorted. */
  public record Merged(Map<String, Object> values, Map<String, Origin> origins) {
    public Merged {
      values = Collections.unmodifiableMap(new TreeMap<>(values));
      origins = Collections.unmodifiableMap(new TreeMap<>(origins));
    }
  }

  static Map<String, Object> read(YamlNode params) {
    if (params == null || params.isNull()) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : params.entries().entrySet()) {
      if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw e.getValue()
            .error(
                "param names must be identifiers ([A-Za-z_][A-Za-z0-9_]*) so templates can use them");
      }
      if (e.getValue().isNull()) {
        throw e.getValue().error("a param needs a value");
      }
      Object v = e.getValue().value();
      if (!(v instanceof Secret) && holdsSecret(v)) {
        // roll decrypts a param as a whole; a secret inside a list or map would reach templates
        // as ciphertext
        throw e.getValue().error("a !secret must be a param's whole value, not part of it");
      }
      out.put(e.getKey(), v);
    }
    return Collections.unmodifiableMap(out);
  }

  private static boolean holdsSecret(Object v) {
    if (v instanceof Secret) {
      return true;
    }
    if (v instanceof Map<?, ?> m) {
      return m.values().stream().anyMatch(Params::holdsSecret);
    }
    if (v instanceof java.util.List<?> l) {
      return l.stream().anyMatch(Params::holdsSecret);
    }
    return false;
  }

  /** Top-level keys replace: host over hostclass over colo; no deep merge. */
  public static Merged merge(
      Map<String, Object> colo, Map<String, Object> hostclass, Map<String, Object> host) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Origin> origins = new LinkedHashMap<>();
    put(values, origins, colo, Origin.colo);
    put(values, origins, hostclass, Origin.hostclass);
    put(values, origins, host, Origin.host);
    return new Merged(values, origins);
  }

  private static void put(
      Map<String, Object> values,
      Map<String, Origin> origins,
      Map<String, Object> layer,
      Origin origin) {
    for (Map.Entry<String, Object> e : layer.entrySet()) {
      values.put(e.getKey(), e.getValue());
      origins.put(e.getKey(), origin);
    }
  }
}
