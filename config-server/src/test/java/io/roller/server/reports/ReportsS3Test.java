package io.roller.server.reports;

import static io.roller.server.reports.ReportRoutesTest.fleet;
import static io.roller.server.reports.ReportRoutesTest.post;
import static io.roller.server.reports.ReportRoutesTest.report;
import static io.roller.server.reports.ReportRoutesTest.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.server.testing.Http;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.ServerExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two datacenters' servers sharing one bucket of a real S3 (S3Proxy) for packages and reports. */
class ReportsS3Test {
  @RegisterExtension final ServerExtension servers = ServerExtension.exampleFleet().withS3();

  @Test
  void reportPostedInOneDatacenterShowsInTheOthersFleetAfterARefresh() throws Exception {
    RunningServer nyc = servers.server();
    try (RunningServer sjc = servers.another("sjc1")) {
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
        JsonNode list = Http.json(s.getJson("/host/web01.sjc1/reports"));
        assertEquals(3, list.size(), list.toString());
        assertEquals("unchanged", list.get(0).get("outcome").asText());
      }
    }
    servers.stop();
    // a server started later (or restarted) loads everything from the bucket
    try (RunningServer fresh = servers.another("fresh")) {
      assertEquals(3, Http.json(fresh.getJson("/host/web01.sjc1/reports")).size());
    }
  }

  @Test
  void s3DownWhileReportsArriveIs503AndFleetAnswersDegradedFromWhatItHas() throws Exception {
    RunningServer nyc = servers.server();
    assertEquals(201, post(nyc, "web01.nyc1", report(nyc, "web01.nyc1", "converged")).statusCode());
    assertEquals("converged", state(fleet(nyc, ""), "web01.nyc1"));
    var db01 = report(nyc, "db01.nyc1", "converged");
    servers.s3().close();
    HttpResponse<String> r = post(nyc, "db01.nyc1", db01);
    assertEquals(503, r.statusCode(), r.body());
    JsonNode f = fleet(nyc, "");
    assertEquals("degraded", f.get("status").asText());
    assertTrue(f.get("detail").asText().contains("S3"), f.toString());
    assertEquals("converged", state(f, "web01.nyc1"));
    assertEquals("unreported", state(f, "db01.nyc1"));
  }
}
