package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.server.ServerOptions;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.TestRepo;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /refresh with --refresh-token-file: the bearer token, or a webhook made with it. */
class RefreshAuthTest {
  static final String TOKEN = "hook-secret";
  static final String PUSH = "{\"ref\":\"refs/heads/main\"}";
  @TempDir Path tmp;
  TestRepo repo;
  RunningServer server;
  Path tokenFile;

  @BeforeEach
  void start() throws Exception {
    repo = TestRepo.exampleFleet(tmp.resolve("repo"));
    tokenFile = Files.writeString(tmp.resolve("refresh-token"), TOKEN + "\n");
    server =
        RunningServer.start(
            ServerOptions.forTest(repo.path(), tmp.resolve("cache"))
                .withRefreshTokenFile(tokenFile));
  }

  @AfterEach
  void stop() {
    server.close();
    repo.close();
  }

  HttpResponse<String> push(String... headers) {
    return server.send("POST", "/refresh", HttpRequest.BodyPublishers.ofString(PUSH), headers);
  }

  static String githubSignature(String secret, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void refreshWithoutTheTokenIs401NamingNoServerPath() {
    HttpResponse<String> r = server.post("/refresh");
    assertEquals(401, r.statusCode(), r.body());
    assertTrue(r.body().contains("Authorization: Bearer"), r.body());
    assertFalse(r.body().contains(tmp.toString()), r.body());
    assertEquals(401, server.post("/refresh", "Authorization", "Bearer guess").statusCode());
  }

  @Test
  void theBearerTokenRefreshes() {
    repo.write("host/web01.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 1\n").commit("v1");
    HttpResponse<String> r = server.post("/refresh", "Authorization", "Bearer " + TOKEN);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("changed: true"), r.body());
  }

  @Test
  void aGithubWebhookSignedWithTheTokenRefreshesAndAForgedOneDoesNot() throws Exception {
    assertEquals(
        200,
        push("X-Hub-Signature-256", githubSignature(TOKEN, PUSH), "X-GitHub-Event", "push")
            .statusCode());
    HttpResponse<String> forged = push("X-Hub-Signature-256", githubSignature("other", PUSH));
    assertEquals(401, forged.statusCode(), forged.body());
    assertTrue(forged.body().contains("X-Hub-Signature-256"), forged.body());
    HttpResponse<String> otherBody =
        server.send(
            "POST",
            "/refresh",
            HttpRequest.BodyPublishers.ofString(PUSH + " "),
            "X-Hub-Signature-256",
            githubSignature(TOKEN, PUSH));
    assertEquals(401, otherBody.statusCode(), "the signature covers the body");
  }

  @Test
  void aGitlabWebhookWithTheTokenRefreshes() {
    assertEquals(200, push("X-Gitlab-Token", TOKEN).statusCode());
    assertEquals(401, push("X-Gitlab-Token", "nope").statusCode());
  }
}
