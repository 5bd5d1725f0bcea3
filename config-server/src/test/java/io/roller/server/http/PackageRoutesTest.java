package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.model.Sha256;
import io.roller.model.pkg.Tarballs;
import io.roller.server.packages.PackageOptions;
import io.roller.server.testing.Http;
import io.roller.server.testing.Poll;
import io.roller.server.views.HostVersion;
import io.roller.server.views.PackageHosts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The package routes over real HTTP on a local-directory store. */
class PackageRoutesTest {
  static final Http HTTP = Http.absolute();
  private static final String TOKEN = "s3cr3t-token";

  @TempDir Path tmp;
  private PackageServer server;
  private Path dir;

  @BeforeEach
  void start() throws IOException {
    dir = tmp.resolve("packages");
    Path tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\n");
    PackageHosts hosts =
        (name, rev) ->
            new PackageHosts.Answer("abc123", List.of(new HostVersion("web01.nyc1", "1.1.0")));
    server = new PackageServer(new PackageOptions(dir, null, null, null, null, tokenFile), hosts);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static byte[] pkg(String content) {
    return Tarballs.create()
        .file("bin/tool", content.getBytes(StandardCharsets.UTF_8), 0755)
        .manifest("services:\n  - {name: tool, start: bin/tool start, stop: bin/tool stop}\n")
        .gz();
  }

  static String sha256(byte[] b) throws Exception {
    return Sha256.of(b);
  }

  private String url(String path) {
    return server.url() + path;
  }

  private HttpResponse<byte[]> upload(String ref, byte[] body) {
    int dash = ref.lastIndexOf('-');
    return HTTP.put(
        url("/package/" + ref.substring(0, dash) + "/" + ref.substring(dash + 1) + ".tar.gz"),
        body,
        TOKEN);
  }

  @Test
  void uploadedPackageIsListedDescribedAndServed() throws Exception {
    byte[] p = pkg("v1");
    HttpResponse<byte[]> put = upload("tool-1.0.0", p);
    assertEquals(201, put.statusCode(), Http.text(put));
    assertTrue(Http.text(put).contains("sha256: " + sha256(p)), Http.text(put));

    assertTrue(
        Http.text(HTTP.getBytes(url("/package"))).endsWith("- tool\n"),
        Http.text(HTTP.getBytes(url("/package"))));
    upload("tool-1.10.0", pkg("v10"));
    upload("tool-1.9.0", pkg("v9"));
    JsonNode versions = Http.json(Http.text(HTTP.getBytes(url("/package/tool?format=json"))));
    assertEquals("[\"1.0.0\",\"1.9.0\",\"1.10.0\"]", versions.toString());

    JsonNode meta =
        Http.json(
            Http.text(HTTP.getBytes(url("/package/tool/1.0.0"), "Accept", "application/json")));
    assertEquals(sha256(p), meta.get("sha256").asText());
    assertEquals(p.length, meta.get("size").asLong());
    assertEquals("/package/tool/1.0.0.tar.gz", meta.get("url").asText());
    assertFalse(meta.get("uploaded").asText().isEmpty());

    HttpResponse<byte[]> get = HTTP.getBytes(url("/package/tool/1.0.0.tar.gz"));
    assertEquals(200, get.statusCode());
    assertArrayEquals(p, get.body());
    assertEquals("\"" + sha256(p) + "\"", get.headers().firstValue("ETag").orElseThrow());
    assertEquals("application/gzip", get.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(Files.exists(dir.resolve("tool/tool-1.0.0.tar.gz.sha256")));
  }

  @Test
  void headGivesTheLengthAndETagWithoutABody() throws Exception {
    byte[] p = pkg("head");
    upload("tool-1", p);
    HttpResponse<byte[]> h = HTTP.head(url("/package/tool/1.tar.gz"));
    assertEquals(200, h.statusCode());
    assertEquals(String.valueOf(p.length), h.headers().firstValue("Content-Length").orElseThrow());
    assertEquals("\"" + sha256(p) + "\"", h.headers().firstValue("ETag").orElseThrow());
    assertEquals(0, h.body().length);
  }

  @Test
  void rangesAndConditionalRequests() throws Exception {
    byte[] p = pkg("x".repeat(5000) + new Random(1).nextLong());
    upload("tool-2", p);
    String u = url("/package/tool/2.tar.gz");
    String etag = "\"" + sha256(p) + "\"";

    HttpResponse<byte[]> first = HTTP.getBytes(u, "Range", "bytes=0-9");
    assertEquals(206, first.statusCode());
    assertArrayEquals(Arrays.copyOfRange(p, 0, 10), first.body());
    assertEquals(
        "bytes 0-9/" + p.length, first.headers().firstValue("Content-Range").orElseThrow());

    assertArrayEquals(
        Arrays.copyOfRange(p, 10, p.length), HTTP.getBytes(u, "Range", "bytes=10-").body());
    assertArrayEquals(
        Arrays.copyOfRange(p, p.length - 5, p.length),
        HTTP.getBytes(u, "Range", "bytes=-5").body());

    HttpResponse<byte[]> beyond = HTTP.getBytes(u, "Range", "bytes=" + p.length + "-");
    assertEquals(416, beyond.statusCode());
    assertEquals("bytes */" + p.length, beyond.headers().firstValue("Content-Range").orElseThrow());

    assertEquals(304, HTTP.getBytes(u, "If-None-Match", etag).statusCode());
    HttpResponse<byte[]> stale = HTTP.getBytes(u, "Range", "bytes=0-9", "If-Range", "\"other\"");
    assertEquals(200, stale.statusCode());
    assertArrayEquals(p, stale.body());
    assertEquals(206, HTTP.getBytes(u, "Range", "bytes=0-9", "If-Range", etag).statusCode());
  }

  @Test
  void sameBytesAgainAreFineOtherBytesConflict() throws Exception {
    byte[] p = pkg("one");
    assertEquals(201, upload("tool-3", p).statusCode());
    assertEquals(200, upload("tool-3", p).statusCode());
    HttpResponse<byte[]> other = upload("tool-3", pkg("two"));
    assertEquals(409, other.statusCode());
    assertTrue(Http.text(other).contains("exists with other bytes"), Http.text(other));
    assertArrayEquals(p, HTTP.getBytes(url("/package/tool/3.tar.gz")).body());
  }

  @Test
  void uploadsNeedTheTokenAndTheRefusalNamesNoServerPath() throws IOException {
    assertEquals(401, HTTP.put(url("/package/tool/1.tar.gz"), pkg("a"), null).statusCode());
    HttpResponse<byte[]> wrong = HTTP.put(url("/package/tool/1.tar.gz"), pkg("a"), "guess");
    assertEquals(401, wrong.statusCode());
    assertTrue(Http.text(wrong).contains("wrong upload token"));
    assertFalse(
        Http.text(wrong).contains(tmp.toString()), "names no server path: " + Http.text(wrong));
    assertEquals(404, HTTP.getBytes(url("/package/tool/1.tar.gz")).statusCode());
  }

  @Test
  void withoutATokenFileUploadsAreRefused() {
    try (PackageServer off = new PackageServer(PackageOptions.local(tmp.resolve("off")))) {
      HttpResponse<byte[]> r = HTTP.put(off.url() + "/package/tool/1.tar.gz", pkg("a"), TOKEN);
      assertEquals(403, r.statusCode());
      assertTrue(Http.text(r).contains("uploads are off"), Http.text(r));
    }
  }

  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of(
            "absolute path",
            Tarballs.create().file("/etc/passwd", "x").gz(),
            "entry '/etc/passwd': absolute path"),
        Arguments.of(
            "dot dot",
            Tarballs.create().file("bin/../../etc/passwd", "x").gz(),
            "entry 'bin/../../etc/passwd': path leaves the package (..)"),
        Arguments.of(
            "link out",
            Tarballs.create().symlink("lib/x", "../../etc").gz(),
            "entry 'lib/x': symlink target '../../etc' leaves the package"),
        Arguments.of(
            "absolute link", Tarballs.create().symlink("bin/sh", "/bin/sh").gz(), "is absolute"),
        Arguments.of(
            "hard link",
            Tarballs.create().file("a", "x").hardlink("b", "a").gz(),
            "entry 'b': hard links"),
        Arguments.of(
            "device",
            Tarballs.create().special("dev/sda", TarConstants.LF_BLK).gz(),
            "device files"),
        Arguments.of(
            "fifo", Tarballs.create().special("p", TarConstants.LF_FIFO).gz(), "entry 'p': fifos"),
        Arguments.of(
            "setuid", Tarballs.create().file("bin/su", new byte[1], 04755).gz(), "setuid/setgid"),
        Arguments.of(
            "duplicate", Tarballs.create().file("a", "1").file("./a", "2").gz(), "duplicate path"),
        Arguments.of("not gzip", Tarballs.create().file("a", "1").tar(), "not a gzip archive"),
        Arguments.of("truncated", Arrays.copyOf(pkg("t".repeat(100)), 60), "truncated"),
        Arguments.of(
            "trailing garbage",
            concat(Tarballs.create().file("a", "1").gz(), "junk".getBytes(StandardCharsets.UTF_8)),
            "trailing bytes after the end of the gzip stream"),
        Arguments.of(
            "second gzip member",
            concat(Tarballs.create().file("a", "1").gz(), Tarballs.create().file("b", "2").gz()),
            "a second gzip member"),
        Arguments.of(
            "newline in a name",
            Tarballs.create().file("bin/a\nb", "x").gz(),
            "name contains the control character U+000A"),
        Arguments.of(
            "bad manifest",
            Tarballs.create().manifest("services:\n  - {name: a, start: s}\n").gz(),
            "entry '.roller/package.yml': invalid manifest"));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void hostileUploadIsRefusedNamingTheEntryAndNothingIsKept(String what, byte[] body, String detail)
      throws IOException {
    HttpResponse<byte[]> r = upload("bad-1.0", body);
    assertEquals(422, r.statusCode(), Http.text(r));
    assertTrue(Http.text(r).contains(detail), Http.text(r));
    assertEquals(404, HTTP.getBytes(url("/package/bad/1.0.tar.gz")).statusCode());
    assertEquals(List.of(), leftovers());
  }

  private List<Path> leftovers() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> w = Files.walk(dir)) {
      w.filter(Files::isRegularFile)
          .filter(f -> !f.startsWith(dir.resolve("tool")))
          .forEach(out::add);
    }
    return out;
  }

  /** The store's upload temp files that hold bytes: {@code .tmp/upload-*.part}. */
  private List<Path> partsWithBytes() throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path f : leftovers()) {
      if (f.getFileName().toString().endsWith(".part") && Files.size(f) > 0) {
        out.add(f);
      }
    }
    return out;
  }

  @Test
  void interruptedUploadLeavesNothingBehind() throws Exception {
    byte[] p = pkg("r".repeat(100_000) + new Random(2).nextLong());
    try (Socket s = new Socket("127.0.0.1", Integer.parseInt(server.url().replaceAll(".*:", "")))) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("PUT /package/cut/1.tar.gz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + TOKEN
                  + "\r\nContent-Length: "
                  + (p.length * 10)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(p, 0, p.length / 2);
      out.flush();
      // the cut must come while the server is streaming the body to a temp file, or the cleanup
      // below proves nothing
      Poll.until(
          Duration.ofSeconds(10),
          this::partsWithBytes,
          parts -> !parts.isEmpty(),
          "the server to stream the upload's first bytes into a temp file");
    }
    Poll.until(
        Duration.ofSeconds(10),
        this::leftovers,
        List::isEmpty,
        "the cut upload's temp file to be removed");
    assertEquals(404, HTTP.getBytes(url("/package/cut/1.tar.gz")).statusCode());
  }

  @Test
  void concurrentUploadsOfTheSameAndOfDifferentPackages() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      byte[] same = pkg("same");
      List<Future<Integer>> sameRuns = new ArrayList<>();
      List<Future<Integer>> differentRuns = new ArrayList<>();
      List<Future<Integer>> racingRuns = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        sameRuns.add(pool.submit(() -> upload("same-1", same).statusCode()));
        differentRuns.add(pool.submit(() -> upload("pkg" + n + "-1", pkg("p" + n)).statusCode()));
        racingRuns.add(pool.submit(() -> upload("race-1", pkg("r" + n)).statusCode()));
      }
      List<Integer> sameCodes = codes(sameRuns);
      assertEquals(1, sameCodes.stream().filter(c -> c == 201).count(), sameCodes.toString());
      assertEquals(7, sameCodes.stream().filter(c -> c == 200).count(), sameCodes.toString());
      assertEquals(List.of(201, 201, 201, 201, 201, 201, 201, 201), codes(differentRuns));
      List<Integer> race = codes(racingRuns);
      assertEquals(1, race.stream().filter(c -> c == 201).count(), race.toString());
      assertEquals(7, race.stream().filter(c -> c == 409).count(), race.toString());
      assertArrayEquals(same, HTTP.getBytes(url("/package/same/1.tar.gz")).body());
      assertEquals(10, Http.json(Http.text(HTTP.getBytes(url("/package?format=json")))).size());
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Integer> codes(List<Future<Integer>> fs) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (Future<Integer> f : fs) {
      out.add(f.get());
    }
    return out;
  }

  @Test
  void unknownAndMalformedNames() {
    assertEquals(404, HTTP.getBytes(url("/package/nope")).statusCode());
    assertEquals(404, HTTP.getBytes(url("/package/nope/1.0")).statusCode());
    assertEquals(404, HTTP.getBytes(url("/package/nope/1.0.tar.gz")).statusCode());
    assertEquals(400, HTTP.getBytes(url("/package/Bad!/1.0")).statusCode());
    assertEquals(400, HTTP.put(url("/package/tool/1.zip"), pkg("a"), TOKEN).statusCode());
  }

  @Test
  void hostsOfAPackageComeFromTheRepoIndex() throws IOException {
    HttpResponse<byte[]> r = HTTP.getBytes(url("/package/hello-web/hosts?format=json"));
    assertEquals("abc123", r.headers().firstValue("X-Roller-Revision").orElseThrow());
    JsonNode j = Http.json(Http.text(r));
    assertEquals("web01.nyc1", j.get("hosts").get(0).get("hostname").asText());
    assertEquals("1.1.0", j.get("hosts").get(0).get("version").asText());
  }

  @Test
  void listingsCarryAnETagAndAnswer304() {
    upload("tool-1", pkg("a"));
    String etag = HTTP.getBytes(url("/package")).headers().firstValue("ETag").orElseThrow();
    assertEquals(304, HTTP.getBytes(url("/package"), "If-None-Match", etag).statusCode());
  }
}
