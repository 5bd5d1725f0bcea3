package io.roller.model;

import java.util.Map;
import java.util.Set;

/** One host, from {@code host/<hostname>.yml}; the file name is the hostname. */
public record Host(
    String hostname, String colo, String hostclass, String version, Map<String, Object> params) {
  private static final Set<String> KEYS =
      Set.of("colo", "hostclass", "version", "params", "description");

  public Host {
    params = Map.copyOf(params);
  }

  /**
   * Parses {@code host/<hostname>.yml}; line numbers of colo and version are kept in the errors.
   */
  public static Host parse(String file, String hostname, String text) {
    return fromNode(file, hostname, YamlNode.parse(file, text));
  }

  static Host fromNode(String file, String hostname, YamlNode root) {
    if (!Names.isHostname(hostname)) {
      throw new ValidationException(
          file, 0, null, "bad hostname '" + hostname + "': want a DNS name");
    }
    Map<String, YamlNode> e = root.entries(KEYS);
    if (e.containsKey("description")) {
      e.get("description").text();
    }
    String colo = required(root, e, "colo").text();
    if (!Names.isName(colo)) {
      throw e.get("colo").error("bad colo name '" + colo + "'");
    }
    String hostclass = required(root, e, "hostclass").text();
    if (!Names.isName(hostclass)) {
      throw e.get("hostclass").error("bad hostclass name '" + hostclass + "'");
    }
    String version = required(root, e, "version").text();
    if (!Names.isVersion(version)) {
      throw e.get("version").error("bad hostclass version '" + version + "'");
    }
    return new Host(hostname, colo, hostclass, version, Params.read(e.get("params")));
  }

  /** Line of each top-level key of a host file, for cross-reference errors. */
  static Map<String, Integer> keyLines(YamlNode root) {
    Map<String, Integer> lines = new java.util.HashMap<>();
    root.entries().forEach((k, v) -> lines.put(k, v.line()));
    return Map.copyOf(lines);
  }

  private static YamlNode required(YamlNode root, Map<String, YamlNode> e, String key) {
    YamlNode n = e.get(key);
    if (n == null) {
      throw root.error("missing key '" + key + "'");
    }
    return n;
  }
}
