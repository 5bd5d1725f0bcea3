package io.roller.roll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.roll.Fleet;
import io.roller.roll.RollExtension;
import io.roller.roll.TestHost;
import io.roller.roll.TestPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What docs/walkthrough.md shows {@code roll rollback} and {@code roll history} print is what they
 * print: a real host rolled twice and rolled back, compared line by line with the walkthrough once
 * times, revisions, package lists and the hostclass version are blanked.
 */
class WalkthroughOutputTest {
  private static final Path WALKTHROUGH =
      Path.of("..", "docs", "walkthrough.md").toAbsolutePath().normalize();

  @RegisterExtension final RollExtension fixture = new RollExtension();

  @Test
  void theRollbackAndHistoryTheWalkthroughShowsAreWhatRollPrints() throws Exception {
    Fleet server = fixture.fleet();
    TestHost host = fixture.host();
    var web = server.publish("web", "1", TestPackages.service("web").gz());
    String[] rollArgs = {"--server", server.url(), "--hostname", server.hostname()};
    server.host(List.of(web), Map.of("greeting", "hi"));
    assertEquals(0, host.roll(rollArgs).code());
    server.host(List.of(web), Map.of("greeting", "hello"));
    List<String> force = new ArrayList<>(List.of(rollArgs));
    force.add("--force");
    assertEquals(0, host.roll(force.toArray(String[]::new)).code());

    TestHost.Result rollback = host.roll("rollback");
    TestHost.Result history = host.roll("history");

    assertEquals(0, rollback.code(), rollback.err());
    assertEquals(0, history.code(), history.err());
    List<String> shown = shownBlock();
    assertEquals(
        blank(shown.subList(shown.indexOf("# roll rollback") + 1, shown.indexOf("# roll history")))
            .stream()
            .filter(l -> !l.startsWith("roll: "))
            .toList(),
        blank(rollback.out().lines().toList()));
    assertEquals(
        blank(shown.subList(shown.indexOf("# roll history") + 1, shown.size())),
        blank(history.out().lines().toList()));
  }

  /** The code block of section 8 that starts with {@code # roll rollback}, unindented. */
  private static List<String> shownBlock() throws Exception {
    List<String> lines = Files.readAllLines(WALKTHROUGH);
    int start = lines.indexOf("  # roll rollback");
    assertTrue(start > 0, "the walkthrough shows # roll rollback");
    List<String> block = new ArrayList<>();
    for (int i = start; !lines.get(i).strip().equals("```"); i++) {
      block.add(lines.get(i).substring(2));
    }
    return block;
  }

  private static List<String> blank(List<String> lines) {
    return lines.stream()
        .map(
            l ->
                l.replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "TIME")
                    .replaceAll("\\b[0-9a-f]{40}\\b", "REV")
                    .replaceAll("REV  \\S+$", "REV  PACKAGES")
                    .replaceAll("\\bweb \\d+\\b", "web N"))
        .toList();
  }
}
