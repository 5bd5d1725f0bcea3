package io.roller.server.packages;

import java.time.Duration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/** The S3 client of the server's bucket (packages and fleet reports share the settings). */
public final class S3Clients {
  private S3Clients() {}

  public static S3Client of(PackageOptions o) {
    S3ClientBuilder b =
        S3Client.builder()
            .region(
                Region.of(
                    o.s3Region() == null || o.s3Region().isBlank() ? "us-east-1" : o.s3Region()))
            .forcePathStyle(true)
            // the SDK would ask S3 for its own checksums (x-amz-checksum-mode), which S3-compatible
            // stores such as S3Proxy refuse; we check each package's sha256 ourselves
            .serviceConfiguration(
                S3Configuration.builder().checksumValidationEnabled(false).build())
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(30))
                    .maxConnections(64))
            // a server in another datacenter must answer fast when S3 is away: one retry only
            .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(2)));
    if (o.s3Endpoint() != null) {
      b.endpointOverride(o.s3Endpoint());
    }
    return b.build();
  }
}
