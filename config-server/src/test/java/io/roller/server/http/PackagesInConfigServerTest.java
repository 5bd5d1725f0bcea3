package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.model.pkg.Tarballs;
import io.roller.server.testing.Http;
import io.roller.server.testing.RawHttp;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.ServerExtension;
import io.roller.server.testing.TestRepo;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real config server with its package store: uploads feed /host/{h}/resolved and
 * /package/{name}/hosts.
 */
class PackagesInConfigServerTest {
  private static final String TOKEN = RunningServer.UPLOAD_TOKEN;

  @RegisterExtension final ServerExtension fleet = ServerExtension.exampleFleet().withPackages();
  Http http;
  TestRepo repo;

  @BeforeEach
  void setUp() {
    http = fleet.http();
    repo = fleet.repo();
  }

  @Test
  void uploadedPackagesAppearInResolvedHostsAndTheHostsIndex() throws Exception {
    byte[] p = PackageRoutesTest.pkg("hello");
    HttpResponse<byte[]> put = http.put("/package/hello-web/1.0.0.tar.gz", p, TOKEN);
    assertEquals(201, put.statusCode(), Http.text(put));
    assertEquals(repo.head(), put.headers().firstValue("X-Roller-Revision").orElseThrow());
    HttpResponse<byte[]> tarball = http.getBytes("/package/hello-web/1.0.0.tar.gz");
    assertEquals(
        repo.head(),
        tarball.headers().firstValue("X-Roller-Revision").orElseThrow(),
        "every response names the revision");

    JsonNode resolved =
        Http.json(Http.text(http.getBytes("/host/web01.sjc1/resolved?format=json")));
    JsonNode hello = null;
    for (JsonNode n : resolved.get("packages").get("production")) {
      if (n.get("name").asText().equals("hello-web")) {
        hello = n;
      }
    }
    assertEquals("1.0.0", hello.get("version").asText(), resolved.toString());
    assertEquals(PackageRoutesTest.sha256(p), hello.get("sha256").asText());
    assertEquals(p.length, hello.get("size").asLong());
    assertEquals("/package/hello-web/1.0.0.tar.gz", hello.get("url").asText());

    HttpResponse<byte[]> hosts = http.getBytes("/package/hello-web/hosts?format=json");
    assertEquals(200, hosts.statusCode(), Http.text(hosts));
    assertEquals(repo.head(), hosts.headers().firstValue("X-Roller-Revision").orElseThrow());
    String body = Http.text(hosts);
    assertTrue(body.contains("{\"hostname\":\"web01.sjc1\",\"version\":\"1.0.0\"}"), body);
    assertTrue(body.contains("{\"hostname\":\"web01.nyc1\",\"version\":\"1.1.0\"}"), body);

    HttpResponse<byte[]> missing = http.getBytes("/package/nope/1.tar.gz");
    assertEquals(404, missing.statusCode());
    assertEquals(repo.head(), missing.headers().firstValue("X-Roller-Revision").orElseThrow());
    assertTrue(Http.text(missing).contains("error: not_found"), Http.text(missing));
  }

  @Test
  void viewsStayFastWhileFiftySlowReadersAndFiftySlowUploadsHoldPackageTransfers()
      throws Exception {
    byte[] noise = new byte[8 * 1024 * 1024];
    new Random(7).nextBytes(noise);
    byte[] big = Tarballs.create().file("share/noise", noise, 0644).manifest("services: []\n").gz();
    List<Socket> clients = new ArrayList<>();
    ScheduledExecutorService trickle = new ScheduledThreadPoolExecutor(1);
    try {
      assertEquals(201, http.put("/package/big/1.tar.gz", big, TOKEN).statusCode());
      for (int i = 0; i < 50; i++) {
        Socket s =
            RawHttp.slowClient(
                fleet.server().port(), "GET /package/big/1.tar.gz HTTP/1.1\r\nHost: x\r\n\r\n");
        clients.add(s);
        s.getInputStream().read(new byte[100]); // the download has started
      }
      List<Socket> uploads = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        Socket s =
            RawHttp.slowClient(
                fleet.server().port(),
                "PUT /package/slow/"
                    + i
                    + ".tar.gz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + TOKEN
                    + "\r\n"
                    + "Content-Length: 10000000\r\n\r\n");
        uploads.add(s);
        clients.add(s);
      }
      // readers take 100 bytes a second, uploads send 100 bytes a second
      trickle.scheduleAtFixedRate(
          () -> {
            try {
              for (Socket s : clients) {
                if (uploads.contains(s)) {
                  s.getOutputStream().write(new byte[100]);
                } else {
                  InputStream in = s.getInputStream();
                  in.read(new byte[100]);
                }
              }
            } catch (Exception e) {
              // a closed client at the end of the test
            }
          },
          0,
          1,
          TimeUnit.SECONDS);
      for (int i = 0; i < 20; i++) {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.getBytes("/host/web01.nyc1/resolved");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, r.statusCode());
        assertTrue(ms < 1_000, "answer " + i + " took " + ms + " ms");
      }
      HttpResponse<byte[]> small = http.getBytes("/package/big");
      assertEquals(200, small.statusCode(), "listings are views too");
    } finally {
      trickle.shutdownNow();
      for (Socket s : clients) {
        s.close();
      }
    }
  }

  @Test
  void hugeRangesEncodedSlashesAndCutShortUploadsGetTheErrorBody() throws Exception {
    byte[] p = PackageRoutesTest.pkg("ranges");
    assertEquals(201, http.put("/package/r/1.tar.gz", p, TOKEN).statusCode());
    for (String range : List.of("bytes=0-99999999999999999999", "bytes=-9223372036854775808")) {
      HttpResponse<byte[]> r =
          http.getBytes("/package/r/1.tar.gz", "Range", range, "Accept", "application/json");
      assertEquals(416, r.statusCode(), range + ": " + Http.text(r));
      JsonNode e = Http.json(Http.text(r));
      assertEquals("range_not_satisfiable", e.get("error").asText(), e.toString());
      assertTrue(e.get("detail").asText().contains(range), e.toString());
      assertEquals("bytes */" + p.length, r.headers().firstValue("Content-Range").orElseThrow());
    }

    // an encoded slash reaches the routes; an encoded dot-dot or NUL is refused by Jetty itself
    for (String path :
        List.of("/host/web01%2Fnyc1/resolved", "/%2e%2e/%2e%2e/etc/passwd", "/host/x%00y")) {
      HttpResponse<byte[]> r = http.getBytes(path, "Accept", "application/json");
      assertEquals(400, r.statusCode(), path + ": " + Http.text(r));
      assertTrue(
          r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
          path + ": " + r.headers().map());
      JsonNode e = Http.json(Http.text(r));
      assertEquals("bad_request", e.get("error").asText(), e.toString());
      assertTrue(e.has("detail"), e.toString());
    }

    byte[] upload = PackageRoutesTest.pkg("c".repeat(50_000) + new Random(3).nextLong());
    try (Socket s =
        RawHttp.slowClient(
            fleet.server().port(),
            "PUT /package/cut/1.tar.gz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + TOKEN
                + "\r\n"
                + "Accept: application/json\r\nContent-Length: "
                + upload.length * 2
                + "\r\n\r\n")) {
      s.getOutputStream().write(upload);
      s.shutdownOutput();
      String a = RawHttp.answer(s);
      assertTrue(a.startsWith("HTTP/1.1 400"), a);
      String json = a.substring(a.indexOf("\r\n\r\n") + 4);
      assertTrue(json.contains("\"error\":\"bad_request\""), a);
      assertTrue(json.contains("cut short"), a);
    }
    assertEquals(404, http.getBytes("/package/cut/1.tar.gz").statusCode());
  }
}
