package io.roller.roll.plan;

/** A package exactly as installed: name, version and the sha256 of its tarball. */
public record Pin(String name, String version, String sha256) {
  public String ref() {
    return name + "-" + version;
  }
}
