package io.roller.foreman;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server faults (WireMock only for these): nothing on the host changes, and the exit code says why.
 */
class ServerFaultsTest {
  @TempDir Path tmp;
  WireMockServer wm;
  Path root;
  String passwdBefore;
  String err;

  @BeforeEach
  void start() throws IOException {
    wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
    root = Fixtures.debianRoot(tmp);
    passwdBefore = Files.readString(root.resolve("etc/passwd"));
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  private int sync() throws IOException {
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int rc =
        new Main(
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(e, true, StandardCharsets.UTF_8),
                Map.of())
            .run(
                "sync",
                "--server",
                "http://127.0.0.1:" + wm.port(),
                "--hostname",
                "web01.nyc1",
                "--root",
                root.toString());
    err = e.toString(StandardCharsets.UTF_8);
    assertEquals(passwdBefore, Files.readString(root.resolve("etc/passwd")));
    assertTrue(!Files.exists(root.resolve("var/lib/roller/foreman/managed.json")));
    return rc;
  }

  private void answer(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder r) {
    wm.stubFor(get(urlEqualTo("/host/web01.nyc1/users")).willReturn(r));
  }

  @Test
  void aServerErrorIsUnavailableExitThree() throws IOException {
    answer(
        aResponse()
            .withStatus(503)
            .withBody("{\"error\": \"unavailable\", \"detail\": \"repo fetch failed\"}"));
    assertEquals(3, sync());
    assertTrue(err.contains("answered 503 (repo fetch failed)"), err);
  }

  @Test
  void aDroppedConnectionIsUnreachableExitThree() throws IOException {
    answer(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    assertEquals(3, sync());
    assertTrue(err.startsWith("foreman: cannot reach the config server"), err);
  }

  @Test
  void aTruncatedBodyChangesNothingAndExitsOne() throws IOException {
    answer(
        aResponse()
            .withStatus(200)
            .withBody(
                "{\"hostname\": \"web01.nyc1\", \"users\": [{\"login\": \"jane\", \"uid\": 20"));
    assertEquals(1, sync());
    assertTrue(err.contains("is not a users view"), err);
  }

  /** The real server never sends this (it skips the second file); a broken one might. */
  @Test
  void twoLoginsWithOneUidAreBothRefusedAndNothingChanges() throws IOException {
    String user =
        "{\"login\": \"%s\", \"uid\": 2500, \"comment\": \"\", \"shell\": \"/bin/bash\","
            + " \"groups\": [], \"ssh_keys\": [], \"dotfiles\": []}";
    answer(
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody(
                "{\"hostname\": \"web01.nyc1\", \"revision\": \"r1\", \"users\": ["
                    + user.formatted("zed")
                    + ", "
                    + user.formatted("amy")
                    + "], \"skipped\": []}"));
    assertEquals(0, sync(), err);
    assertTrue(
        err.contains("foreman: refusing amy: uid 2500 is granted to more than one login"), err);
    assertTrue(
        err.contains("foreman: refusing zed: uid 2500 is granted to more than one login"), err);
  }

  /**
   * Bytes that are not HTTP at all never reach the JSON parser: HttpURLConnection refuses the
   * status line ("Invalid Http response", every time), so it is the unreachable case, not a bad
   * answer.
   */
  @Test
  void garbageInsteadOfHttpIsUnreachableExitThree() throws IOException {
    answer(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
    assertEquals(3, sync(), err);
    assertTrue(err.startsWith("foreman: cannot reach the config server"), err);
    assertTrue(err.contains("; nothing changed"), err);
  }
}
