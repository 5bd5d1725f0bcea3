package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.server.testing.Http;
import io.roller.server.testing.Poll;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.ServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /healthz and /metrics of a server whose packages are in a real S3 (S3Proxy) that goes away. */
class S3HealthTest {

  @RegisterExtension final ServerExtension fleet = ServerExtension.exampleFleet().withS3();

  @Test
  void healthzIsDegradedAndS3UpIs0WhileTheBucketIsUnreachable() throws Exception {
    RunningServer server = fleet.server();
    JsonNode ok = health(server);
    assertEquals("ok", ok.get("status").asText(), ok.toString());
    assertTrue(ok.get("s3").asText().startsWith("s3://roller-test/pkgs/"), ok.toString());
    assertTrue(ok.get("s3_error").isNull(), ok.toString());
    assertTrue(server.get("/metrics").body().contains("roller_s3_up 1.0"));

    fleet.s3().close();
    // the probe's last answer stands for a few seconds
    JsonNode down =
        Poll.until(
            Duration.ofSeconds(30),
            () -> health(server),
            h -> h.get("status").asText().equals("degraded"),
            "healthz to say degraded once the bucket is gone");
    assertTrue(!down.get("s3_error").isNull(), down.toString());
    assertTrue(down.get("s3_failures").asLong() > 0, down.toString());
    String metrics = server.get("/metrics").body();
    assertTrue(metrics.contains("roller_s3_up 0.0"), metrics);
    assertTrue(metrics.contains("roller_s3_failures_total"), metrics);
  }

  static JsonNode health(RunningServer server) throws Exception {
    var r = server.getJson("/healthz");
    assertEquals(200, r.statusCode(), "healthz stays 200 (liveness): " + r.body());
    return Http.json(r);
  }
}
