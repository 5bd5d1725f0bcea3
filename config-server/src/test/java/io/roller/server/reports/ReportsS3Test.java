package io.roller.server.reports;

import static io.roller.server.reports.ReportRoutesTest.JSON;
import static io.roller.server.reports.ReportRoutesTest.fleet;
import static io.roller.server.reports.ReportRoutesTest.post;
import static io.roller.server.reports.ReportRoutesTest.report;
import static io.roller.server.reports.ReportRoutesTest.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.server.ServerOptions;
import io.roller.server.packages.PackageOptions;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.S3ProxyProcess;
import io.roller.server.testing.TestRepo;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two datacenters' servers sharing one bucket of a real S3 (S3Proxy) for packages and reports. */
class ReportsS3Test {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  @TempDir static Path shared;
  private static S3ProxyProcess s3;

  @TempDir Path tmp;
  TestRepo repo;
  String bucket;

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
  void setUp() {
    repo = TestRepo.exampleFleet(tmp.resolve("repo"));
    bucket = s3.createBucket("roller-reports-" + BUCKETS.incrementAndGet());
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  RunningServer server(String dc, URI endpoint) {
    return RunningServer.start(
        ServerOptions.forTest(repo.path(), tmp.resolve(dc + "-cache"))
            .withPackages(
                new PackageOptions(
                    tmp.resolve(dc), bucket, endpoint, S3ProxyProcess.REGION, "pkgs", null)));
  }

  @Test
  void reportPostedInOneDatacenterShowsInTheOthersFleetAfterARefresh() throws Exception {
    try (RunningServer nyc = server("nyc1", s3.endpoint());
        RunningServer sjc = server("sjc1", s3.endpoint())) {
      assertEquals(
          201, post(nyc, "web01.sjc1", report(nyc, "web01.sjc1", "converged")).statusCode());
      assertEquals("unreported", state(fleet(sjc, ""), "web01.sjc1"), "not yet polled");
      assertEquals(200, sjc.post("/refresh").statusCode());
      assertEquals("converged", state(fleet(sjc, ""), "web01.sjc1"));

      // two servers writing reports for one host: both kept, newest last
      assertEquals(201, post(sjc, "web01.sjc1", report(sjc, "web01.sjc1", "failed")).statusCode());
      assertEquals(
          201, post(nyc, "web01.sjc1", report(nyc, "web01.sjc1", "unchanged")).statusCode());
      nyc.post("/refresh");
      sjc.post("/refresh");
      for (RunningServer s : new RunningServer[] {nyc, sjc}) {
        JsonNode list = JSON.readTree(s.getJson("/host/web01.sjc1/reports").body());
        assertEquals(3, list.size(), list.toString());
        assertEquals("unchanged", list.get(0).get("outcome").asText());
      }
    }
    // a server started later (or restarted) loads everything from the bucket
    try (RunningServer fresh = server("fresh", s3.endpoint())) {
      assertEquals(3, JSON.readTree(fresh.getJson("/host/web01.sjc1/reports").body()).size());
    }
  }

  @Test
  void s3DownWhileReportsArriveIs503AndFleetAnswersDegradedFromWhatItHas() throws Exception {
    try (S3ProxyProcess own = S3ProxyProcess.start(tmp.resolve("own-s3"))) {
      bucket = own.createBucket("roller-down");
      try (RunningServer nyc = server("nyc1", own.endpoint())) {
        assertEquals(
            201, post(nyc, "web01.nyc1", report(nyc, "web01.nyc1", "converged")).statusCode());
        assertEquals("converged", state(fleet(nyc, ""), "web01.nyc1"));
        var db01 = report(nyc, "db01.nyc1", "converged");
        own.close();
        HttpResponse<String> r = post(nyc, "db01.nyc1", db01);
        assertEquals(503, r.statusCode(), r.body());
        JsonNode f = fleet(nyc, "");
        assertEquals("degraded", f.get("status").asText());
        assertTrue(f.get("detail").asText().contains("S3"), f.toString());
        assertEquals("converged", state(f, "web01.nyc1"));
        assertEquals("unreported", state(f, "db01.nyc1"));
      }
    }
  }
}
