package io.roller.roll.plan;

/** A service of one package's manifest, with the package it comes from (for messages and logs). */
public record ServiceSpec(
    String pkg, String name, String start, String stop, String check, long timeoutMillis) {
  /** How messages name it: {@code package/service}. */
  public String label() {
    return pkg + "/" + name;
  }
}
