package io.roller.server.packages;

import java.time.Instant;

/** Metadata of one stored package version. */
public record PackageMeta(String name, String version, String sha256, long size, Instant uploaded) {
  /** The tarball's path on the server, which roll resolves against the server URL. */
  public String url() {
    return "/package/" + name + "/" + version + ".tar.gz";
  }
}
