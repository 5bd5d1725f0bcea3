package io.roller.server.packages;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where packages live: {@code --packages-dir} always (the embedded store, and the local cache when
 * S3 is on), S3 when {@code s3Bucket} is set, and the upload token file (null: uploads refused).
 */
public record PackageOptions(
    Path packagesDir,
    String s3Bucket,
    URI s3Endpoint,
    String s3Region,
    String s3Prefix,
    Path uploadTokenFile) {

  /** Packages in a local directory only, uploads refused. */
  public static PackageOptions local(Path packagesDir) {
    return new PackageOptions(packagesDir, null, null, null, null, null);
  }

  public boolean s3Enabled() {
    return s3Bucket != null && !s3Bucket.isBlank();
  }
}
