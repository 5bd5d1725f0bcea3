package io.roller.model;

/** A package reference {@code name-version}; the version is the part after the last '-'. */
public record PackageRef(String name, String version) implements Comparable<PackageRef> {

  public PackageRef {
    if (!Names.isName(name)) {
      throw new IllegalArgumentException(
          "bad package name '" + name + "': want [a-z0-9][a-z0-9._-]*");
    }
    if (!Names.isVersion(version)) {
      throw new IllegalArgumentException(
          "bad package version '" + version + "': want [0-9A-Za-z._+~]+");
    }
  }

  /** Parses {@code name-version}, splitting at the last '-'. */
  public static PackageRef parse(String ref) {
    int dash = ref == null ? -1 : ref.lastIndexOf('-');
    if (dash <= 0 || dash == ref.length() - 1) {
      throw new IllegalArgumentException("bad package ref '" + ref + "': want name-version");
    }
    return new PackageRef(ref.substring(0, dash), ref.substring(dash + 1));
  }

  /** The tarball's file name, {@code name-version.tar.gz}. */
  public String fileName() {
    return name + "-" + version + ".tar.gz";
  }

  /**
   * By name and version, written out: a record's generated equals and hashCode run through method
   * handles, and the config server's package catalog calls them for every package of every {@code
   * GET /host/{h}/resolved}. Identity first, then the two strings (which also check identity
   * first).
   */
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof PackageRef r && name.equals(r.name) && version.equals(r.version));
  }

  /** The value the record's own would compute (31 * name's + version's); String caches its hash. */
  @Override
  public int hashCode() {
    return 31 * name.hashCode() + version.hashCode();
  }

  @Override
  public int compareTo(PackageRef o) {
    int c = name.compareTo(o.name);
    return c != 0 ? c : Names.compareVersions(version, o.version);
  }

  @Override
  public String toString() {
    return name + "-" + version;
  }
}
