package io.roller.roll.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.roll.Fleet;
import io.roller.roll.RollExtension;
import io.roller.roll.TestHost;
import io.roller.roll.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hand edits under /usr/local: found by roll verify, repaired by a plain roll. */
class DriftTest {
  @RegisterExtension final RollExtension fixture = new RollExtension();
  Fleet fleet;
  TestHost host;

  @BeforeEach
  void setUp() throws Exception {
    fleet = fixture.fleet();
    host = fixture.host();
    fleet.host(List.of(fleet.publish("web", "1.0.0", ReportingTest.web("1.0.0", null))), Map.of());
    assertEquals(0, roll().code());
  }

  TestHost.Result roll(String... extra) {
    return fixture.roll(extra);
  }

  Path local(String p) {
    return host.root.resolve("usr/local").resolve(p);
  }

  @Test
  void verifyListsEditedAddedAndRemovedPaths() throws Exception {
    TestHost.Result clean = host.roll("verify");
    assertEquals(0, clean.code(), clean.err());
    assertTrue(clean.out().contains("clean: /usr/local matches generation 1"), clean.out());

    Files.writeString(local("etc/web.conf"), "port=1\nhacked=1\n");
    Files.writeString(local("bin/evil"), "#!/bin/sh\n");
    Files.delete(local("share/web/VERSION"));
    Files.setPosixFilePermissions(local("bin/web"), PosixFilePermissions.fromString("rwxrwxrwx"));

    TestHost.Result r = host.roll("verify");
    assertEquals(1, r.code());
    assertTrue(r.out().contains("modified /usr/local/etc/web.conf"), r.out());
    assertTrue(r.out().contains("modified /usr/local/bin/web"), r.out());
    assertTrue(r.out().contains("added    /usr/local/bin/evil"), r.out());
    assertTrue(r.out().contains("removed  /usr/local/share/web/VERSION"), r.out());
    assertTrue(r.reason().startsWith("roll: /usr/local drifted from generation 1"), r.err());

    JsonNode j = Json.MAPPER.readTree(host.roll("verify", "--json").out());
    assertFalse(j.get("clean").asBoolean());
    assertEquals("bin/evil", j.get("added").get(0).asText());
  }

  @Test
  void fullVerifyCatchesAnEditThatKeptSizeAndMtime() throws Exception {
    Path conf = local("etc/web.conf");
    FileTime mtime = Files.getLastModifiedTime(conf);
    Files.writeString(conf, "port=2\n");
    Files.setLastModifiedTime(conf, mtime);
    assertEquals(0, host.roll("verify").code(), "the cheap check trusts size and mtime");
    TestHost.Result full = host.roll("verify", "--full");
    assertEquals(1, full.code(), full.out());
    assertTrue(full.out().contains("modified /usr/local/etc/web.conf"), full.out());
  }

  @Test
  void plainRollRepairsDriftWithAFreshGenerationAndReportsRepaired() throws Exception {
    Files.writeString(local("etc/web.conf"), "port=1\nhacked=1\n");
    Files.writeString(local("bin/evil"), "#!/bin/sh\n");

    TestHost.Result r = roll();
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("drifted from generation 1"), r.err());
    assertEquals(
        "2", Files.readSymbolicLink(host.root.resolve("usr/local")).getFileName().toString());
    assertEquals("port=1\n", Files.readString(local("etc/web.conf")));
    assertFalse(Files.exists(local("bin/evil")));
    assertTrue(host.running("web"));

    JsonNode last =
        Json.MAPPER
            .readTree(fleet.server().getJson("/host/web01.nyc1/reports?limit=1").body())
            .get(0);
    assertEquals("repaired", last.get("outcome").asText());
    assertEquals("/usr/local/bin/evil", last.get("drift").get(0).asText());
    assertEquals("/usr/local/etc/web.conf", last.get("drift").get(1).asText());

    assertEquals(0, host.roll("verify").code());
    assertEquals(0, roll().code());
    JsonNode next =
        Json.MAPPER
            .readTree(fleet.server().getJson("/host/web01.nyc1/reports?limit=1").body())
            .get(0);
    assertEquals("unchanged", next.get("outcome").asText());
    assertTrue(host.roll("status", "--no-checks").out().contains("last report: unchanged"));
  }
}
