package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.model.PackageRef;
import io.roller.model.pkg.Tarballs;
import io.roller.server.packages.PackageMeta;
import io.roller.server.packages.PackageOptions;
import io.roller.server.testing.Http;
import io.roller.server.testing.S3ProxyProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Config servers in two datacenters sharing one bucket of a real S3 (S3Proxy). */
class PackageS3Test {
  static final Http HTTP = Http.absolute();
  private static final String TOKEN = "dc-token";
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  @TempDir static Path shared;
  private static S3ProxyProcess s3;

  @TempDir Path tmp;
  private String bucket;
  private Path tokenFile;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyProcess.start(shared.resolve("s3proxy"));
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  @BeforeEach
  void bucket() throws IOException {
    bucket = s3.createBucket("roller-packages-" + BUCKETS.incrementAndGet());
    tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, TOKEN);
  }

  private PackageOptions options(String dc, URI endpoint) {
    return new PackageOptions(
        tmp.resolve(dc), bucket, endpoint, S3ProxyProcess.REGION, "pkgs", tokenFile);
  }

  private PackageServer server(String dc) {
    return new PackageServer(options(dc, s3.endpoint()));
  }

  private static byte[] pkg(String content) {
    return PackageRoutesTest.pkg(content);
  }

  private static HttpResponse<byte[]> upload(
      PackageServer s, String name, String version, byte[] body) {
    return HTTP.put(s.url() + "/package/" + name + "/" + version + ".tar.gz", body, TOKEN);
  }

  @Test
  void packageUploadedInOneDatacenterIsServedByTheOtherAtOnce() throws Exception {
    try (PackageServer nyc = server("nyc1");
        PackageServer sjc = server("sjc1")) {
      byte[] p = pkg("hello");
      assertEquals(201, upload(nyc, "hello-web", "1.0.0", p).statusCode());

      assertEquals(
          "[\"hello-web\"]", Http.text(HTTP.getBytes(sjc.url() + "/package?format=json")).trim());
      assertEquals(
          "[\"1.0.0\"]",
          Http.text(HTTP.getBytes(sjc.url() + "/package/hello-web?format=json")).trim());
      JsonNode a =
          Http.json(Http.text(HTTP.getBytes(nyc.url() + "/package/hello-web/1.0.0?format=json")));
      JsonNode b =
          Http.json(Http.text(HTTP.getBytes(sjc.url() + "/package/hello-web/1.0.0?format=json")));
      assertEquals(a, b);
      assertEquals(PackageRoutesTest.sha256(p), b.get("sha256").asText());

      HttpResponse<byte[]> got = HTTP.getBytes(sjc.url() + "/package/hello-web/1.0.0.tar.gz");
      assertEquals(200, got.statusCode());
      assertArrayEquals(p, got.body());
      assertTrue(
          Files.exists(tmp.resolve("sjc1/hello-web/hello-web-1.0.0.tar.gz")), "cached in sjc1");

      PackageMeta viaCatalog = sjc.store.find(new PackageRef("hello-web", "1.0.0")).orElseThrow();
      assertEquals(p.length, viaCatalog.size());
      assertEquals("/package/hello-web/1.0.0.tar.gz", viaCatalog.url());

      HttpResponse<byte[]> other = upload(sjc, "hello-web", "1.0.0", pkg("different"));
      assertEquals(409, other.statusCode(), Http.text(other));
      assertEquals(200, upload(sjc, "hello-web", "1.0.0", p).statusCode());
    }
  }

  @Test
  void serverRestartedWithAnEmptyCacheServesFromS3() throws Exception {
    byte[] p = pkg("restart");
    try (PackageServer nyc = server("nyc1")) {
      assertEquals(201, upload(nyc, "tool", "2", p).statusCode());
    }
    deleteTree(tmp.resolve("nyc1"));
    try (PackageServer again = server("nyc1")) {
      assertEquals(
          "[\"tool\"]", Http.text(HTTP.getBytes(again.url() + "/package?format=json")).trim());
      assertArrayEquals(p, HTTP.getBytes(again.url() + "/package/tool/2.tar.gz").body());
      HttpResponse<byte[]> range =
          HTTP.getBytes(again.url() + "/package/tool/2.tar.gz", "Range", "bytes=0-1");
      assertEquals(206, range.statusCode());
    }
  }

  @Test
  void manyConcurrentFirstDownloadsPullTheObjectOnce() throws Exception {
    byte[] p = pkg("x".repeat(200_000));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (PackageServer nyc = server("nyc1");
        PackageServer sjc = server("sjc1")) {
      upload(nyc, "busy", "1", p);
      List<Future<byte[]>> gets = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        gets.add(
            pool.submit(
                () -> {
                  HttpResponse<byte[]> r = HTTP.getBytes(sjc.url() + "/package/busy/1.tar.gz");
                  assertEquals(200, r.statusCode());
                  return r.body();
                }));
      }
      for (Future<byte[]> f : gets) {
        assertArrayEquals(p, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentUploadsToBothDatacentersAgreeOnOneWinner() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (PackageServer nyc = server("nyc1");
        PackageServer sjc = server("sjc1")) {
      List<Future<Integer>> same = new ArrayList<>();
      List<Future<Integer>> different = new ArrayList<>();
      byte[] p = pkg("same");
      for (int i = 0; i < 6; i++) {
        PackageServer s = i % 2 == 0 ? nyc : sjc;
        int n = i;
        same.add(pool.submit(() -> upload(s, "same", "1", p).statusCode()));
        different.add(pool.submit(() -> upload(s, "p" + n, "1", pkg("p" + n)).statusCode()));
      }
      for (Future<Integer> f : same) {
        int code = f.get();
        assertTrue(code == 200 || code == 201, "code " + code);
      }
      for (Future<Integer> f : different) {
        assertEquals(201, f.get());
      }
      assertArrayEquals(p, HTTP.getBytes(sjc.url() + "/package/same/1.tar.gz").body());
      assertArrayEquals(p, HTTP.getBytes(nyc.url() + "/package/same/1.tar.gz").body());
      assertEquals(
          7, Http.json(Http.text(HTTP.getBytes(nyc.url() + "/package?format=json"))).size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void objectWhoseBytesDoNotMatchItsSha256IsNotServedNorCached() throws Exception {
    try (PackageServer nyc = server("nyc1")) {
      upload(nyc, "tampered", "1", pkg("good"));
    }
    try (S3Client c = s3.client()) {
      String key = "pkgs/tampered/tampered-1.tar.gz";
      String sha = c.headObject(r -> r.bucket(bucket).key(key)).metadata().get("sha256");
      c.putObject(
          r -> r.bucket(bucket).key(key).metadata(Map.of("sha256", sha)),
          RequestBody.fromBytes(pkg("evil")));
    }
    try (PackageServer sjc = server("sjc1")) {
      HttpResponse<byte[]> r = HTTP.getBytes(sjc.url() + "/package/tampered/1.tar.gz");
      assertEquals(503, r.statusCode());
      assertTrue(Http.text(r).contains("sha256"), Http.text(r));
      assertFalse(Files.exists(tmp.resolve("sjc1/tampered/tampered-1.tar.gz")));
    }
  }

  @Test
  void s3UnreachableIsAClear503WhileCachedPackagesAreStillServed() throws Exception {
    byte[] p = pkg("cached");
    try (PackageServer nyc = server("nyc1")) {
      upload(nyc, "cached", "1", p);
      upload(nyc, "remote", "1", pkg("remote"));
    }
    Files.delete(tmp.resolve("nyc1/remote/remote-1.tar.gz"));
    URI dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
    try (PackageServer cut = new PackageServer(options("nyc1", dead))) {
      HttpResponse<byte[]> cached = HTTP.getBytes(cut.url() + "/package/cached/1.tar.gz");
      assertEquals(200, cached.statusCode());
      assertArrayEquals(p, cached.body());
      assertEquals(200, HTTP.getBytes(cut.url() + "/package/cached/1?format=json").statusCode());

      HttpResponse<byte[]> remote = HTTP.getBytes(cut.url() + "/package/remote/1.tar.gz");
      assertEquals(503, remote.statusCode());
      assertTrue(
          Http.text(remote).contains("S3 s3://" + bucket + "/pkgs/ at " + dead + " is unreachable"),
          Http.text(remote));
      assertEquals(503, HTTP.getBytes(cut.url() + "/package").statusCode());

      HttpResponse<byte[]> put = upload(cut, "new", "1", pkg("new"));
      assertEquals(503, put.statusCode());
      assertFalse(Files.exists(tmp.resolve("nyc1/new")));
      try (Stream<Path> left = Files.list(tmp.resolve("nyc1/.tmp"))) {
        assertEquals(0, left.count());
      }
    }
  }

  @Test
  void hostileUploadNeverReachesS3() throws Exception {
    try (PackageServer nyc = server("nyc1");
        S3Client c = s3.client()) {
      HttpResponse<byte[]> r =
          upload(nyc, "evil", "1", Tarballs.create().symlink("x", "../../etc").gz());
      assertEquals(422, r.statusCode());
      assertEquals(0, c.listObjectsV2(b -> b.bucket(bucket)).keyCount());
    }
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> w = Files.walk(p)) {
      for (Path f : w.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(f);
      }
    }
  }
}
