package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.TestRepo;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that does not validate gets 422 for the hosts it affects only. */
class InvalidFilesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;
  TestRepo repo;
  RunningServer server;

  @BeforeEach
  void start() {
    repo = TestRepo.exampleFleet(tmp.resolve("repo"));
    server = RunningServer.start(repo);
  }

  @AfterEach
  void stop() {
    server.close();
    repo.close();
  }

  JsonNode expect(int status, String path) throws Exception {
    HttpResponse<String> r = server.getJson(path);
    assertEquals(status, r.statusCode(), path + " -> " + r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void brokenHostYamlIs422NamingFileAndLineWhileOtherHostsAnswer() throws Exception {
    repo.write(
        "host/web02.nyc1.yml",
        "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n  heap_mb: [1024\n");
    repo.commit("oops");
    server.post("/refresh");
    JsonNode e = expect(422, "/host/web02.nyc1/resolved");
    assertEquals("invalid", e.get("error").asText());
    assertEquals("host/web02.nyc1.yml", e.get("file").asText());
    assertTrue(e.get("line").asInt() >= 5, e.toString());
    assertTrue(e.get("detail").asText().startsWith("host/web02.nyc1.yml:"), e.toString());
    expect(422, "/host/web02.nyc1");
    expect(422, "/host/web02.nyc1/users");
    expect(200, "/host/web01.nyc1/resolved");
    assertTrue(
        expect(200, "/host").toString().contains("web02.nyc1"), "the broken host is still listed");
    assertEquals(1, expect(200, "/healthz").get("invalid_files").asInt());
  }

  @Test
  void brokenHostclassVersionFailsOnlyItsHosts() throws Exception {
    repo.write("hostclass/db/3.yml", "packages:\n  production: [pg-16.1, pg-16.2]\n");
    repo.commit("db 3: two postgres");
    server.post("/refresh");
    JsonNode hosts = expect(200, "/hostclass/db/hosts?version=3");
    assertTrue(hosts.size() > 0);
    for (JsonNode h : hosts) {
      JsonNode e = expect(422, "/host/" + h.get("hostname").asText() + "/resolved");
      assertEquals("hostclass/db/3.yml", e.get("file").asText());
      assertEquals(2, e.get("line").asInt());
    }
    expect(422, "/hostclass/db/3");
    expect(200, "/hostclass/db/1");
    assertTrue(expect(200, "/hostclass/db").get("invalid").has("hostclass/db/3.yml"));
    expect(200, "/host/web01.nyc1/resolved");
  }

  @Test
  void unknownColoAndHostclassVersionNameTheHostFileLine() throws Exception {
    repo.write("host/web03.nyc1.yml", "colo: nyc9\nhostclass: web\nversion: 2\n");
    repo.write("host/web02.sjc1.yml", "colo: sjc1\nhostclass: web\nversion: 7\n");
    repo.commit("typos");
    server.post("/refresh");
    JsonNode colo = expect(422, "/host/web03.nyc1/resolved");
    assertEquals(1, colo.get("line").asInt());
    assertTrue(colo.get("detail").asText().contains("nyc9"), colo.toString());
    JsonNode version = expect(422, "/host/web02.sjc1/resolved");
    assertEquals(3, version.get("line").asInt());
    expect(200, "/host/web01.sjc1/resolved");
  }

  @Test
  void brokenColoFailsItsHostsAndTheColoView() throws Exception {
    repo.write("colo/sjc1.yml", "params:\n  dns: 10.2.0.2\nbogus: 1\n");
    repo.commit("sjc1: bogus key");
    server.post("/refresh");
    JsonNode e = expect(422, "/host/web01.sjc1/resolved");
    assertEquals("colo/sjc1.yml", e.get("file").asText());
    assertEquals(3, e.get("line").asInt());
    expect(422, "/colo/sjc1");
    expect(200, "/colo/sjc1/hosts");
    expect(200, "/host/web01.nyc1/resolved");
  }
}
