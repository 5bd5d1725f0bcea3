package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.server.testing.ServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** POST /refresh with --refresh-token-file: the bearer token, or a webhook made with it. */
class RefreshAuthTest {
  static final String TOKEN = "hook-secret";
  static final String PUSH = "{\"ref\":\"refs/heads/main\"}";
  @TempDir Path tmp;

  @RegisterExtension
  final ServerExtension fleet =
      ServerExtension.exampleFleet().withOptions(o -> o.withRefreshTokenFile(tokenFile()));

  Path tokenFile() {
    try {
      return Files.writeString(tmp.resolve("refresh-token"), TOKEN + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResponse<String> push(String... headers) {
    return fleet
        .http()
        .send("POST", "/refresh", HttpRequest.BodyPublishers.ofString(PUSH), headers);
  }

  static String githubSignature(String secret, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void refreshWithoutTheTokenIs401NamingNoServerPath() {
    HttpResponse<String> r = fleet.http().post("/refresh");
    assertEquals(401, r.statusCode(), r.body());
    assertTrue(r.body().contains("Authorization: Bearer"), r.body());
    assertFalse(r.body().contains(tmp.toString()), r.body());
    assertFalse(r.body().contains(fleet.dir().toString()), r.body());
    assertEquals(401, fleet.http().post("/refresh", "Authorization", "Bearer guess").statusCode());
  }

  @Test
  void theBearerTokenRefreshes() {
    fleet
        .repo()
        .write("host/web01.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 1\n")
        .commit("v1");
    HttpResponse<String> r = fleet.http().post("/refresh", "Authorization", "Bearer " + TOKEN);
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
        fleet
            .http()
            .send(
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
