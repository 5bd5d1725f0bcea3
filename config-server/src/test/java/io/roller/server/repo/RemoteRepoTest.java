package io.roller.server.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.server.ServerOptions;
import io.roller.server.testing.Http;
import io.roller.server.testing.Poll;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.ServerExtension;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A remote repo (file:// URL) is mirrored into the cache dir and fetched on refresh and by the
 * poller.
 */
class RemoteRepoTest {

  /** The example fleet as the remote ("origin"), which the server clones and fetches. */
  @RegisterExtension final ServerExtension origin = ServerExtension.exampleFleet().cloned();

  static String revision(RunningServer s) throws Exception {
    HttpResponse<String> r = s.getJson("/host/web01.nyc1/resolved");
    assertEquals(200, r.statusCode(), r.body());
    return Http.json(r).get("revision").asText();
  }

  @Test
  void remoteCommitsArriveOnRefreshAndAnUnreachableRemoteKeepsTheLastGoodRevision()
      throws Exception {
    Path originDir = origin.repo().path();
    Path gone = origin.dir().resolve("gone");
    RunningServer server = origin.server();
    assertEquals(origin.repo().head(), revision(server));
    origin.repo().write("host/web01.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 1\n");
    String second = origin.repo().commit("web01 back to 1");
    assertEquals(200, server.post("/refresh").statusCode());
    assertEquals(second, revision(server));

    Files.move(originDir, gone);
    HttpResponse<String> refresh = server.post("/refresh", "Accept", "application/json");
    assertEquals(503, refresh.statusCode(), refresh.body());
    assertTrue(refresh.body().contains(second), refresh.body());
    assertEquals(second, revision(server), "the last good revision is still served");
    JsonNode health = Http.json(server.getJson("/healthz"));
    assertEquals("degraded", health.get("status").asText());
    assertTrue(health.get("fetch_error").asText().contains("cannot fetch"), health.toString());
    String metrics = server.get("/metrics").body();
    assertTrue(metrics.contains("roller_remote_up 0.0"), metrics);
    assertTrue(metrics.contains("roller_remote_fetch_failures_total 1.0"), metrics);

    Files.move(gone, originDir);
    assertEquals(200, server.post("/refresh").statusCode());
    assertEquals("ok", Http.json(server.getJson("/healthz")).get("status").asText());
  }

  @Test
  void aRestartServesTheCachedMirrorWhileTheRemoteIsDown() throws Exception {
    String head = origin.repo().head();
    assertEquals(head, revision(origin.server()));
    origin.stop();
    Files.move(origin.repo().path(), origin.dir().resolve("gone"));
    RunningServer second = origin.restart(o -> o);
    assertEquals(head, revision(second));
    assertEquals("degraded", Http.json(second.getJson("/healthz")).get("status").asText());
  }

  @Test
  void thePollerFetchesNewCommitsWithoutARefresh() throws Exception {
    RunningServer server = origin.restart(o -> o.withPoll(Duration.ofMillis(100)));
    origin.repo().write("colo/nyc1.yml", "params:\n  ntp_server: ntp9.nyc1.example.com\n");
    String second = origin.repo().commit("nyc1: ntp9");
    Poll.untilEquals(
        Duration.ofSeconds(20),
        second,
        () -> revision(server),
        "the poller to fetch the new commit without a refresh");
  }

  @Test
  void aLocalBareRepoIsServedInPlace() throws Exception {
    Path bare = origin.dir().resolve("bare.git");
    Git.cloneRepository()
        .setURI(origin.repo().url())
        .setDirectory(bare.toFile())
        .setBare(true)
        .call()
        .close();
    try (RunningServer server =
        RunningServer.start(ServerOptions.forTest(bare, origin.dir().resolve("bare-cache")))) {
      assertEquals(origin.repo().head(), revision(server));
      assertEquals(200, server.get("/host/db01.nyc1/users").statusCode());
    }
  }

  @Test
  void aMissingBranchFailsTheStartWithAClearMessage() {
    IllegalStateOrDomain e =
        IllegalStateOrDomain.capture(
            () ->
                RunningServer.start(
                    ServerOptions.forTest(origin.repo().path(), origin.dir().resolve("other-cache"))
                        .withBranch("nope")));
    assertTrue(e.message.contains("branch 'nope' does not exist"), e.message);
  }

  /** The message of whatever a start threw. */
  record IllegalStateOrDomain(String message) {
    static IllegalStateOrDomain capture(Runnable r) {
      try {
        r.run();
      } catch (RuntimeException e) {
        return new IllegalStateOrDomain(e.getMessage());
      }
      throw new AssertionError("expected a failure");
    }
  }
}
