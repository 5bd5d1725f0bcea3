package io.roller.server.views;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.SortedMap;

/** The wire form of {@code GET /hostclass/{name}/{version}}: its package sets and its params. */
@JsonPropertyOrder({"name", "version", "packages", "params"})
public record HostclassVersionView(
    String name, String version, Packages packages, SortedMap<String, Object> params) {

  /** The package refs as {@code name-version}, in hostclass order. */
  @JsonPropertyOrder({"production", "failsafe"})
  public record Packages(List<String> production, List<String> failsafe) {}
}
