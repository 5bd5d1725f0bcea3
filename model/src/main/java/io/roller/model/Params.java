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
      out.put(e.getKey(), e.getValue().value());
    }
    return Collections.unmodifiableMap(out);
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
