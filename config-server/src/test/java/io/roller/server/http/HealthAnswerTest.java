package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /healthz}'s record writes the bytes its map used to: every combination of the optional
 * groups, with their nulls, in both formats. (A test server has no remote, poller or bucket, so the
 * routes' tests see only the first case.)
 */
class HealthAnswerTest {
  @Test
  void everyGroupIsWrittenInPlaceWithItsNullsOrNotAtAll() {
    HealthAnswer.Remote[] remotes = {
      null, new HealthAnswer.Remote(null, "cannot fetch", 3), new HealthAnswer.Remote("t1", null, 0)
    };
    HealthAnswer.Poll[] polls = {null, new HealthAnswer.Poll("t2", null)};
    HealthAnswer.S3[] buckets = {null, new HealthAnswer.S3("s3://b/p", null, 0)};
    for (HealthAnswer.Remote remote : remotes) {
      for (HealthAnswer.Poll poll : polls) {
        for (HealthAnswer.S3 s3 : buckets) {
          HealthAnswer h =
              new HealthAnswer("ok", "abc", "main", "t0", 11, 1, remote, poll, s3, "t3");
          for (Body.Format f : Body.Format.values()) {
            assertEquals(text(asMap(h), f), text(h, f), h + " as " + f);
          }
        }
      }
    }
  }

  private static String text(Object value, Body.Format format) {
    return new String(Body.of(value, format).bytes(), StandardCharsets.UTF_8);
  }

  /** The map {@code Routes.healthz} built before the record. */
  private static Map<String, Object> asMap(HealthAnswer h) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", h.status());
    out.put("revision", h.revision());
    out.put("branch", h.branch());
    out.put("committed", h.committed());
    out.put("hosts", h.hosts());
    out.put("invalid_files", h.invalidFiles());
    if (h.remote() != null) {
      out.put("last_fetch", h.remote().lastFetch());
      out.put("fetch_error", h.remote().fetchError());
      out.put("fetch_failures", h.remote().fetchFailures());
    }
    if (h.poll() != null) {
      out.put("last_poll", h.poll().lastPoll());
      out.put("poll_error", h.poll().pollError());
    }
    if (h.s3() != null) {
      out.put("s3", h.s3().s3());
      out.put("s3_error", h.s3().s3Error());
      out.put("s3_failures", h.s3().s3Failures());
    }
    out.put("now", h.now());
    return out;
  }
}
