package io.roller.roll.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.roller.model.ResolvedHost;
import io.roller.roll.core.Json;
import io.roller.roll.render.Renderer;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.ServerExtension;
import io.roller.server.testing.TestRepo;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example packages' templates, rendered for every example host from the real server's view: a
 * commit that changes no host (a README fix) must change no rendered file, or every commit would
 * restart every example host's services.
 */
class ExampleTemplatesTest {
  private static final Path EXAMPLES = Path.of("..", "packages").toAbsolutePath().normalize();

  @RegisterExtension final ServerExtension fleet = ServerExtension.exampleFleet();

  @Test
  void aReadmeOnlyCommitChangesNoRenderedFileOfAnyExampleHost() throws Exception {
    TestRepo repo = fleet.repo();
    RunningServer server = fleet.server();
    List<String> hosts = hosts(repo.path());
    Map<String, Map<String, String>> before = renderAll(server, hosts);
    String first = repo.head();

    repo.write("README.md", "The example fleet; see docs/walkthrough.md.\n")
        .commit("README: say where the walkthrough is");
    assertEquals(200, server.post("/refresh").statusCode());
    assertNotEquals(first, repo.head());
    Map<String, Map<String, String>> after = renderAll(server, hosts);

    assertFalse(
        before.values().stream().allMatch(Map::isEmpty),
        "some example host renders a template: " + before);
    assertEquals(before, after);
  }

  private static List<String> hosts(Path repo) throws IOException {
    try (Stream<Path> files = Files.list(repo.resolve("host"))) {
      return files.map(p -> p.getFileName().toString().replaceFirst("\\.yml$", "")).toList();
    }
  }

  /** Host to (package/path to rendered text), for the example packages of its production set. */
  private static Map<String, Map<String, String>> renderAll(
      RunningServer server, List<String> hosts) throws IOException {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (String host : hosts) {
      HttpResponse<String> r = server.getJson("/host/" + host + "/resolved");
      assertEquals(200, r.statusCode(), r.body());
      ResolvedHost h = Json.MAPPER.readValue(r.body(), ResolvedHost.class);
      Map<String, Object> ctx = Renderer.context(h.params(), Planner.facts(h, 1));
      Map<String, String> rendered = new TreeMap<>();
      for (ResolvedHost.Package p : h.packages().production()) {
        Path src = EXAMPLES.resolve(p.name());
        if (!Files.isDirectory(src)) {
          continue; // foreman and the runtime are built by Maven and hold no templates
        }
        try (Stream<Path> files = Files.walk(src)) {
          for (Path t :
              (Iterable<Path>) files.filter(f -> f.toString().endsWith(".tmpl"))::iterator) {
            String file = src.relativize(t).toString();
            rendered.put(
                p.name() + "/" + file, Renderer.render(p.name(), file, Files.readString(t), ctx));
          }
        }
      }
      out.put(host, rendered);
    }
    return out;
  }
}
