package io.roller.roll.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.ResolvedHost;
import io.roller.roll.Fleet;
import io.roller.roll.PrefixProxy;
import io.roller.roll.RollExtension;
import io.roller.roll.TestHost;
import io.roller.roll.TestPackages;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * roll's downloads as an operator sees them (issue 9): through a proxy that serves the real config
 * server under a path prefix, stalls or dribbles; rolls into a temp root.
 */
class DownloadRollTest {
  @RegisterExtension final RollExtension fixture = new RollExtension();
  Fleet server;
  TestHost host;
  PrefixProxy proxy;

  @BeforeEach
  void setUp() throws Exception {
    server = fixture.fleet();
    host = fixture.host();
    proxy = new PrefixProxy(server.url(), "/roller");
  }

  @AfterEach
  void tearDown() throws Exception {
    proxy.close();
  }

  TestHost.Result roll(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("--server", proxy.url(), "--hostname", server.hostname()));
    args.addAll(List.of(extra));
    return host.roll(args.toArray(String[]::new));
  }

  /** The web service with a random (incompressible) blob of about {@code size} bytes. */
  ResolvedHost.Package web(int size) {
    byte[] blob = new byte[size];
    new Random(size).nextBytes(blob);
    return server.publish(
        "web", "1.0.0", TestPackages.service("web").file("share/blob", blob, 0644).gz());
  }

  @Test
  void rollWorksBehindAProxyThatServesTheServerUnderAPathPrefix() throws Exception {
    server.host(List.of(web(10_000)), Map.of());

    TestHost.Result r = roll();

    assertEquals(0, r.code(), r.err());
    assertTrue(host.running("web"));
    assertEquals(List.of(""), proxy.tarballRanges, "the tarball came through the prefix");
    assertFalse(r.err().contains("report"), "the report went through the prefix too: " + r.err());
    String reports = server.server().getJson("/host/" + server.hostname() + "/reports").body();
    assertTrue(reports.contains("\"outcome\":\"converged\""), reports);
  }

  @Test
  void aStalledDownloadIsResumedWithARangeInsteadOfStartingAgain() throws Exception {
    ResolvedHost.Package web = web(400_000);
    server.host(List.of(web), Map.of());
    proxy.stallFirstTarball();

    TestHost.Result r = roll("--timeout", "2");

    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("", "bytes=" + web.size() / 2 + "-"), proxy.tarballRanges);
    assertEquals(web.size(), proxy.tarballBytes.get(), "no byte was fetched twice");
    assertTrue(host.running("web"));
  }

  @Test
  void progressIntoALogIsPlainLinesWithoutCarriageReturnsAndSmallSizesAreInKilobytes()
      throws Exception {
    server.host(List.of(web(200_000)), Map.of());
    proxy.dribble(40); // about 13 pieces: half a second, past the terminal's redraw interval

    TestHost.Result r = roll();

    assertEquals(0, r.code(), r.err());
    assertFalse(r.err().contains("\r"), r.err());
    assertTrue(
        r.err().matches("(?s).*roll: downloaded 1/1 packages, 20\\d\\.\\d of 20\\d\\.\\d kB .*"),
        r.err());
  }

  @Test
  void smallSizesAreNeverShownAsZeroMegabytes() {
    assertEquals("0.2 of 0.5 kB", Progress.amount(192, 500));
    assertEquals("1.5 of 2.0 MB", Progress.amount(1_500_000, 2_000_000));
  }
}
