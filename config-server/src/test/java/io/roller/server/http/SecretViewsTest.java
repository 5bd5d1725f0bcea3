package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roller.model.ResolvedHost;
import io.roller.model.Secret;
import io.roller.server.testing.ServerExtension;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A !secret param shows as {secret: <sha256>} in every view; only the host's view carries it. */
class SecretViewsTest {
  @RegisterExtension final ServerExtension fleet = ServerExtension.exampleFleet();

  /** Made with the age CLI; the server never sees a key, so any armor serves. */
  static final String ARMOR_A =
      """
      -----BEGIN AGE ENCRYPTED FILE-----
      YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSAxYkJPWnJyaVRWSHQyNXpB
      UVhBVGJMbU1kZGR1cW5BQ01NbXI3ZVNOZjE0ClFmVWM5YlNCWjMvdXNyd3g0Ykhq
      RWZ6QzRKNTMydUc5YkFmT05pY2l5WlEKLS0tIFQxSUtOTk9xOHNyRjJ1NnU3ZlFU
      dlB4bExwZ2FKSjl4STFGNVhudDFwQ2sKCol7Y5urizVrpzIauexKizXgDl//GnbI
      pz74ejSptdU3WXVu/328HZvjkNQO
      -----END AGE ENCRYPTED FILE-----
      """;

  static final String ARMOR_B = ARMOR_A.replace("pz74ejSptdU3", "pz74ejSptdU4");

  static String hostFile(String armor) {
    return "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n  db_password: !secret |\n"
        + armor.indent(4);
  }

  @Test
  void viewsShowASecretAsTheSha256OfItsCiphertext() throws Exception {
    String sha = new Secret(ARMOR_A).sha256();
    String before = fleet.repo().head();
    String rev =
        fleet.repo().write("host/web01.nyc1.yml", hostFile(ARMOR_A)).commit("web01 gets a secret");
    fleet.http().post("/refresh");

    HttpResponse<String> r = fleet.http().getJson("/host/web01.nyc1/resolved");
    assertEquals(200, r.statusCode(), r.body());
    ResolvedHost h = new ObjectMapper().readValue(r.body(), ResolvedHost.class);
    assertEquals(Map.of("secret", sha), h.params().get("db_password"));
    assertEquals(Map.of(sha, ARMOR_A), h.secrets(), "the host's own view carries the ciphertext");

    for (String path :
        new String[] {
          "/host/web01.nyc1",
          "/host/web01.nyc1/diff?from=" + before + "&to=" + rev,
          "/impact?from=" + before + "&to=" + rev
        }) {
      for (String format : new String[] {"json", "yaml"}) {
        HttpResponse<String> v =
            fleet.http().get(path + (path.contains("?") ? "&" : "?") + "format=" + format);
        assertEquals(200, v.statusCode(), path + ": " + v.body());
        assertTrue(v.body().contains(sha), path + " names the secret by its sha256: " + v.body());
        assertFalse(v.body().contains("BEGIN AGE"), path + " shows no ciphertext: " + v.body());
      }
    }
  }

  @Test
  void aSecretInAColoShowsAsItsSha256AndHostsWithoutOneKeepTheirView() throws Exception {
    String plain = fleet.http().getJson("/host/web01.sjc1/resolved").body();
    fleet
        .repo()
        .write(
            "colo/nyc1.yml",
            "params:\n  ntp_server: ntp.nyc1.example.com\n  api_key: !secret |\n"
                + ARMOR_B.indent(4))
        .commit("nyc1 gets a secret");
    fleet.http().post("/refresh");
    String colo = fleet.http().get("/colo/nyc1?format=yaml").body();
    assertTrue(colo.contains(new Secret(ARMOR_B).sha256()), colo);
    assertFalse(colo.contains("BEGIN AGE"), colo);
    assertFalse(plain.contains("secrets"), "a host without secrets has no secrets field: " + plain);
    assertEquals(
        plain.replaceAll("\"revision\":\"[0-9a-f]+\"", ""),
        fleet
            .http()
            .getJson("/host/web01.sjc1/resolved")
            .body()
            .replaceAll("\"revision\":\"[0-9a-f]+\"", ""));
  }

  @Test
  void aSecretThatIsNotAnArmorIsAnErrorNamingFileAndLine() {
    fleet
        .repo()
        .write(
            "host/web01.nyc1.yml",
            "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n  db_password: !secret hunter2\n")
        .commit("a plaintext password tagged as a secret");
    fleet.http().post("/refresh");
    HttpResponse<String> r = fleet.http().getJson("/host/web01.nyc1/resolved");
    assertEquals(422, r.statusCode(), r.body());
    assertTrue(r.body().contains("host/web01.nyc1.yml"), r.body());
    assertTrue(r.body().contains("age ASCII armor"), r.body());
    assertFalse(r.body().contains("hunter2"), "the error does not echo the value: " + r.body());
  }

  @Test
  void aSecretInsideAListIsRefused() {
    fleet
        .repo()
        .write(
            "host/web01.nyc1.yml",
            "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n  pw:\n    - !secret |\n"
                + ARMOR_A.indent(6))
        .commit("secret in a list");
    fleet.http().post("/refresh");
    HttpResponse<String> r = fleet.http().getJson("/host/web01.nyc1/resolved");
    assertEquals(422, r.statusCode(), r.body());
    assertTrue(r.body().contains("whole value"), r.body());
  }
}
