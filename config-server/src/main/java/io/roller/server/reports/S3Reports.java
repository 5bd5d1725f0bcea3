package io.roller.server.reports;

import io.roller.model.Names;
import io.roller.server.core.DomainException;
import io.roller.server.packages.PackageOptions;
import io.roller.server.packages.S3Clients;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reports in the server's S3 bucket under {@code reports/<host>/<name>.json}, so the server of
 * every datacenter sees the whole fleet.
 */
final class S3Reports implements ReportBackend {
  static final String PREFIX = "reports/";

  private final S3Client s3;
  private final String bucket;
  private final String where;

  S3Reports(PackageOptions o) {
    this.s3 = S3Clients.of(o);
    this.bucket = o.s3Bucket();
    this.where =
        "s3://" + bucket + "/" + PREFIX + (o.s3Endpoint() != null ? " at " + o.s3Endpoint() : "");
  }

  private static String key(String host, String name) {
    return PREFIX + host + "/" + name;
  }

  @Override
  public void put(String host, String name, byte[] json) {
    call(
        "store a report of " + host,
        () ->
            s3.putObject(
                r -> r.bucket(bucket).key(key(host, name)).contentType("application/json"),
                RequestBody.fromBytes(json)));
  }

  @Override
  public byte[] get(String host, String name) {
    return call(
        "read report " + host + "/" + name,
        () -> s3.getObjectAsBytes(r -> r.bucket(bucket).key(key(host, name))).asByteArray());
  }

  @Override
  public void delete(String host, String name) {
    call(
        "delete report " + host + "/" + name,
        () -> s3.deleteObject(r -> r.bucket(bucket).key(key(host, name))));
  }

  @Override
  public Map<String, List<String>> list() {
    return call(
        "list reports",
        () -> {
          Map<String, List<String>> out = new HashMap<>();
          ListObjectsV2Request req =
              ListObjectsV2Request.builder().bucket(bucket).prefix(PREFIX).build();
          for (ListObjectsV2Response page : s3.listObjectsV2Paginator(req)) {
            for (S3Object o : page.contents()) {
              String rest = o.key().substring(PREFIX.length());
              int slash = rest.indexOf('/');
              if (slash <= 0) {
                continue;
              }
              String host = rest.substring(0, slash);
              String name = rest.substring(slash + 1);
              if (Names.isHostname(host) && ReportStore.isKey(name)) {
                out.computeIfAbsent(host, h -> new java.util.ArrayList<>()).add(name);
              }
            }
          }
          return out;
        });
  }

  @Override
  public String where() {
    return where;
  }

  private <T> T call(String what, Supplier<T> op) {
    try {
      return op.get();
    } catch (SdkClientException e) {
      throw new DomainException(
          DomainException.Kind.UNAVAILABLE,
          "S3 " + where + " is unreachable (" + what + "): " + e.getMessage(),
          e);
    } catch (S3Exception e) {
      throw new DomainException(
          DomainException.Kind.UNAVAILABLE,
          "S3 " + where + " failed to " + what + ": HTTP " + e.statusCode(),
          e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
