package io.roller.roll;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.ResolvedHost;
import io.roller.model.pkg.Tarballs;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Packages and servers that try to hurt the host (issue 10): each roll goes into a temp root
 * against the real config server, or against a lying stand-in where the real server refuses the
 * tarball at upload.
 */
class HostileRollTest {
  @RegisterExtension final RollExtension fixture = new RollExtension();
  Fleet server;
  TestHost host;

  @BeforeEach
  void setUp() throws Exception {
    server = fixture.fleet();
    host = fixture.host();
  }

  TestHost.Result roll(String... extra) {
    return fixture.roll(extra);
  }

  ResolvedHost.Package good() {
    return server.publish("web", "1.0.0", TestPackages.service("web").gz());
  }

  @Test
  void symlinksOfTwoPackagesThatTogetherLeaveTheTreeFailTheRollBeforeAnythingChanges()
      throws Exception {
    ResolvedHost.Package web = good();
    server.host(List.of(web), Map.of());
    assertEquals(0, roll().code());
    Tarballs xa = Tarballs.create();
    String deep = "a/b/c/d/e/f/g";
    for (String d = deep; d.contains("/") || !d.isEmpty(); ) {
      xa.dir(d);
      d = d.contains("/") ? d.substring(0, d.lastIndexOf('/')) : "";
    }
    xa.symlink(deep + "/h", "../../../../../../..");
    ResolvedHost.Package a = server.publish("xa", "1", xa.gz());
    ResolvedHost.Package b =
        server.publish(
            "xb",
            "1",
            Tarballs.create().symlink("escape", deep + "/h/../../../../../../../..").gz());
    server.host(List.of(web, a, b), Map.of());

    TestHost.Result r = roll();

    assertEquals(1, r.code(), r.err());
    assertEquals(
        "roll: packages [web-1.0.0, xa-1, xb-1] together are unsafe: symlink escape -> "
            + deep
            + "/h/../../../../../../../.. leaves the tree through other symlinks",
        r.reason());
    assertFalse(Files.exists(host.root.resolve("usr/local/escape"), LinkOption.NOFOLLOW_LINKS));
    assertEquals(
        "../var/lib/roller/generations/1",
        Files.readSymbolicLink(host.root.resolve("usr/local")).toString());
    assertEquals(List.of("start web gen=1"), host.events());
    assertFalse(Files.exists(host.root.resolve("var/lib/roller/generations/2")));
  }

  @Test
  void worldWritableModesAreInstalledWithoutOtherWriteAndADirectoryKeepsItsStickyBit()
      throws Exception {
    TarArchiveEntry bin = new TarArchiveEntry("bin/", TarConstants.LF_DIR, true);
    bin.setMode(040777);
    TarArchiveEntry spool = new TarArchiveEntry("var/spool/", TarConstants.LF_DIR, true);
    spool.setMode(041777);
    ResolvedHost.Package p =
        server.publish(
            "loose",
            "1",
            Tarballs.create()
                .entry(bin, new byte[0])
                .file("bin/tool", "#!/bin/sh\n".getBytes(), 0777)
                .dir("var")
                .entry(spool, new byte[0])
                .gz());
    server.host(List.of(p), Map.of());

    TestHost.Result r = roll();

    assertEquals(0, r.code(), r.err());
    assertEquals(0775, mode("usr/local/bin"));
    assertEquals(0555, mode("usr/local/bin/tool"), "package files are read-only");
    assertEquals(01775, mode("usr/local/var/spool"));
  }

  int mode(String path) throws Exception {
    return (Integer) Files.getAttribute(host.root.resolve(path), "unix:mode") & 07777;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The real server refuses each at upload, so only a stand-in can serve them. */
  @Test
  void archivesWithDataBeyondTheGzipStreamOrControlCharactersAreRefusedAtRoll() throws Exception {
    byte[] web = TestPackages.service("web").gz();
    Map<String, byte[]> hostile =
        Map.of(
            "trailing bytes after the end of the gzip stream",
            concat(web, "#!/bin/sh\nrm -rf /\n".getBytes()),
            "a second gzip member follows the first",
            concat(web, Tarballs.create().file("bin/evil", "x").gz()),
            "entry 'bin/a\\nb': name contains the control character U+000A",
            TestPackages.service("web").file("bin/a\nb", "x").gz());
    FakeServer liar = fixture.fake();
    int version = 1;
    for (Map.Entry<String, byte[]> c : hostile.entrySet()) {
      String v = "6.6." + version++;
      assertEquals(422, server.server().upload("web", v, c.getValue()), c.getKey());
      liar.host(List.of(liar.publish("web", v, c.getValue())), Map.of(), "rev-" + v);

      TestHost.Result r = host.roll(liar.rollArgs());

      assertEquals(1, r.code(), c.getKey());
      assertTrue(
          r.reason().startsWith("roll: package web-" + v + " is unsafe: " + c.getKey()), r.err());
      assertFalse(Files.exists(host.root.resolve("usr/local/bin/web")), c.getKey());
    }
  }

  @Test
  void aServerStreamingPastTheAnnouncedSizeFailsThatPackageAndFillsNothing() throws Exception {
    FakeServer liar = fixture.fake();
    byte[] zeros = new byte[20 * 1024 * 1024];
    liar.stub(
        get(urlPathEqualTo("/package/web/1.tar.gz"))
            .willReturn(aResponse().withStatus(200).withBody(zeros)));
    liar.host(
        List.of(
            new ResolvedHost.Package(
                "web", "1", FakeServer.sha256(new byte[192]), 192L, "/package/web/1.tar.gz")),
        Map.of(),
        "rev1");

    TestHost.Result r = host.roll(liar.rollArgs("--timeout", "5"));

    assertEquals(1, r.code(), r.err());
    assertEquals(
        "roll: package web-1: GET "
            + liar.url()
            + "/package/web/1.tar.gz: the server sent more than the 192 bytes it announced",
        r.reason());
    liar.wm.verify(1, getRequestedFor(urlPathEqualTo("/package/web/1.tar.gz")));
    try (var s = Files.list(host.root.resolve("var/lib/roller/packages"))) {
      assertEquals(List.of(), s.toList(), "nothing left in the cache");
    }
  }

  @Test
  void aPackageBiggerThanTheCachesFreeSpaceFailsBeforeItIsRequested() throws Exception {
    FakeServer liar = fixture.fake();
    long huge = 1L << 60;
    liar.host(
        List.of(
            new ResolvedHost.Package("web", "1", "ab".repeat(32), huge, "/package/web/1.tar.gz")),
        Map.of(),
        "rev1");

    TestHost.Result r = host.roll(liar.rollArgs());

    assertEquals(1, r.code(), r.err());
    assertTrue(
        r.reason()
            .matches(
                "roll: package web-1 is "
                    + huge
                    + " bytes but .*/var/lib/roller/packages has only [0-9]+ bytes free"),
        r.reason());
    liar.wm.verify(0, getRequestedFor(urlPathEqualTo("/package/web/1.tar.gz")));
  }
}
