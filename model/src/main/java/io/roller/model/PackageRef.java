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
