package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roller.server.testing.Http;
import io.roller.server.testing.ServerExtension;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HEAD on the repo views answers as GET would, without a body (curl -I, probes). */
class HeadRequestsTest {
  @RegisterExtension final ServerExtension fleet = ServerExtension.exampleFleet();

  @Test
  void headAnswersWhatGetWouldWithoutTheBody() {
    for (String path :
        List.of(
            "/host/web01.nyc1/resolved", "/host/web01.nyc1", "/colo", "/hostclass", "/healthz")) {
      HttpResponse<byte[]> get = fleet.http().getBytes(path);
      HttpResponse<byte[]> head = fleet.http().head(path);
      assertEquals(200, get.statusCode(), path);
      assertEquals(200, head.statusCode(), path);
      assertEquals(0, head.body().length, path);
      assertEquals(Http.header(get, "Content-Type"), Http.header(head, "Content-Type"), path);
      for (String h : List.of("Content-Type", "ETag", "X-Roller-Revision")) {
        assertEquals(get.headers().firstValue(h), head.headers().firstValue(h), path + " " + h);
      }
    }
  }

  @Test
  void headHonoursIfNoneMatchAndSaysNotFound() {
    String etag = Http.header(fleet.http().getBytes("/host/web01.nyc1/resolved"), "ETag");
    assertEquals(
        304, fleet.http().head("/host/web01.nyc1/resolved", "If-None-Match", etag).statusCode());
    assertEquals(404, fleet.http().head("/host/nope.nyc1/resolved").statusCode());
    assertEquals(404, fleet.http().head("/colo/nowhere").statusCode());
  }
}
