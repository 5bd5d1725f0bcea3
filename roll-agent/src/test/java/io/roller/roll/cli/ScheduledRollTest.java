package io.roller.roll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.roll.Fleet;
import io.roller.roll.RollExtension;
import io.roller.roll.TestHost;
import io.roller.roll.TestPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What cron runs: {@code roll --splay D --quiet}, with server and hostname from roll.conf. */
class ScheduledRollTest {
  @RegisterExtension final RollExtension fixture = new RollExtension();
  Fleet fleet;
  TestHost host;

  @BeforeEach
  void setUp() throws Exception {
    fleet = fixture.fleet();
    host = fixture.host();
    fleet.host(
        List.of(
            fleet.publish(
                "web",
                "1.0.0",
                TestPackages.service("web").dir("etc").file("etc/web.conf", "port=1\n").gz())),
        Map.of());
    Path conf = host.root.resolve("etc/roller/roll.conf");
    Files.createDirectories(conf.getParent());
    Files.writeString(
        conf,
        "server = " + fleet.url() + "\nhostname = " + fleet.hostname() + "\ninterval = 15m\n");
  }

  @Test
  void plainRollUsesTheHostnameInRollConfAndQuietIsSilentWhenNothingChanged() throws Exception {
    TestHost.Result first = host.roll("--quiet");
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains(fleet.hostname()), "a change is printed even with --quiet");
    TestHost.Result again = host.roll("--quiet", "--splay", "0");
    assertEquals(0, again.code(), again.err());
    assertEquals("", again.out());
    assertEquals("", again.err());
  }

  @Test
  void splaySleepsAtMostTheSplay() throws Exception {
    long t0 = System.nanoTime();
    TestHost.Result r = host.roll("--splay", "1s", "--quiet");
    assertEquals(0, r.code(), r.err());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 1_000 + 10_000, "took " + ms + " ms");
  }

  @Test
  void aBadSplayIsAUsageError() {
    TestHost.Result r = host.roll("--splay", "soon");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("soon"), r.err());
  }
}
