package io.roller.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepoFileTest {

  static RepoFile file(String path, String text) {
    return RepoFile.parse(path, text.getBytes(StandardCharsets.UTF_8), false);
  }

  @Test
  void hostclassParsesBothPackageSetsAndParams() {
    HostclassVersion hc =
        HostclassVersion.parse(
            "hostclass/web/24.yml",
            "web",
            "24",
            "packages:\n  production: [nginx-1.25.3, webapp-2.4.1]\n  failsafe: [foreman-1.0.0]\nparams:\n  listen_port: 8080\n");
    assertEquals(
        List.of(PackageRef.parse("nginx-1.25.3"), PackageRef.parse("webapp-2.4.1")),
        hc.production());
    assertEquals(List.of(new PackageRef("foreman", "1.0.0")), hc.failsafe());
    assertEquals(8080L, hc.params().get("listen_port"));
  }

  @Test
  void unknownKeyNamesFileLineAndKey() {
    ValidationException e =
        assertThrows(
            ValidationException.class,
            () ->
                Host.parse(
                    "host/web01.yml",
                    "web01",
                    "colo: nyc1\nhostclass: web\nversion: 1\ncolour: red\n"));
    assertEquals("host/web01.yml", e.file());
    assertEquals(4, e.line());
    assertEquals("colour", e.key());
    assertTrue(
        e.getMessage().startsWith("host/web01.yml:4: key 'colour': unknown key"), e.getMessage());
  }

  @Test
  void brokenYamlNamesTheLine() {
    RepoFile f = file("colo/nyc1.yml", "params:\n  dns: [10.1.0.2\n  ntp: x\n");
    assertInstanceOf(RepoFile.ColoFile.class, f);
    assertTrue(f.error().line() >= 2, f.error().getMessage());
    assertTrue(f.error().getMessage().contains("YAML syntax"), f.error().getMessage());
  }

  @Test
  void twoVersionsOfOnePackageInOneSetIsAnError() {
    ValidationException e =
        assertThrows(
            ValidationException.class,
            () ->
                HostclassVersion.parse(
                    "hostclass/web/1.yml",
                    "web",
                    "1",
                    "packages:\n  production:\n    - nginx-1.0\n    - nginx-1.1\n"));
    assertEquals(4, e.line());
    assertTrue(e.reason().contains("appears twice"), e.reason());
  }

  @Test
  void wrongTypeIsAnError() {
    ValidationException e =
        assertThrows(
            ValidationException.class,
            () -> User.parse("users/jane.yml", "jane", "uid: lots\naccess: {all: true}\n"));
    assertEquals(1, e.line());
    assertEquals("uid", e.key());
  }

  @Test
  void packageRefSplitsAtTheLastDash() {
    assertEquals(new PackageRef("my-tool", "2.0"), PackageRef.parse("my-tool-2.0"));
    assertThrows(IllegalArgumentException.class, () -> PackageRef.parse("nodash"));
    assertThrows(IllegalArgumentException.class, () -> PackageRef.parse("../x-1"));
    assertThrows(IllegalArgumentException.class, () -> PackageRef.parse("Upper-1"));
  }

  @Test
  void versionsCompareNumerically() {
    assertTrue(Names.compareVersions("9", "10") < 0);
    assertTrue(Names.compareVersions("1.2.10", "1.2.9") > 0);
    assertEquals(0, Names.compareVersions("24", "24"));
  }

  @Test
  void hostnamesAreDnsNames() {
    assertTrue(Names.isHostname("web01.nyc1"));
    assertTrue(!Names.isHostname("web01..nyc1"));
    assertTrue(!Names.isHostname("-web"));
    assertTrue(!Names.isHostname("web/01"));
  }

  @Test
  void sshKeysMustParse() {
    assertNull(
        User.sshKeyProblem(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHJhanJhanJhanJhanJhanJhanJhanJhanJhanJhanJh raj@desk"));
    assertTrue(
        User.sshKeyProblem(
                "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIHJhanJhanJhanJhanJhanJhanJhanJhanJhanJhanJh x")
            .contains("'ssh-ed25519' key"));
    assertTrue(User.sshKeyProblem("ssh-ed25519 !!!! x").contains("base64"));
    assertTrue(User.sshKeyProblem("evil-type AAAA").contains("type"));
    assertTrue(User.sshKeyProblem("ssh-ed25519 AAAA\nssh-rsa AAAA").contains("newline"));
  }

  @Test
  void userUidBelowThousandIsRefused() {
    ValidationException e =
        assertThrows(
            ValidationException.class,
            () -> User.parse("users/sys.yml", "sys", "uid: 999\naccess: {all: true}\n"));
    assertTrue(e.reason().contains("outside 1000..60000"), e.reason());
  }

  @Test
  void dotfilesMayNotLeaveTheHome() {
    RepoFile f = RepoFile.parse("users/jane/home/a/../../x", new byte[0], false);
    assertTrue(f.error().reason().contains("inside the home"));
  }

  @Test
  void filesOutsideTheLayoutAreMisplaced() {
    assertInstanceOf(RepoFile.Misplaced.class, file("host/nyc1/web01.yml", "colo: x\n"));
    assertNull(file("README.md", "hi"));
  }

  @Test
  void mergeTakesHostOverHostclassOverColo() {
    Params.Merged m =
        Params.merge(
            Map.of("a", 1, "b", 1, "c", 1), Map.of("b", 2, "c", 2), Map.of("c", Map.of("deep", 3)));
    assertEquals(Map.of("a", 1, "b", 2, "c", Map.of("deep", 3)), m.values());
    assertEquals(Params.Origin.colo, m.origins().get("a"));
    assertEquals(Params.Origin.hostclass, m.origins().get("b"));
    assertEquals(Params.Origin.host, m.origins().get("c"));
  }

  /** The 622-byte bomb: 25 levels of aliases doubling, 2^25 nodes once expanded. */
  static String aliasBomb() {
    StringBuilder b = new StringBuilder("colo: nyc1\nhostclass: web\nversion: 2\nparams:\n");
    b.append("  l0: &l0 [x, x]\n");
    for (int i = 1; i < 25; i++) {
      b.append("  l").append(i).append(": &l").append(i);
      b.append(" [*l").append(i - 1).append(", *l").append(i - 1).append("]\n");
    }
    return b.toString();
  }

  @Test
  void aliasBombIsRefusedWithoutExpandingIt() {
    long t0 = System.nanoTime();
    RepoFile f = file("host/web01.nyc1.yml", aliasBomb());
    assertInstanceOf(RepoFile.HostFile.class, f);
    assertTrue(f.error().reason().contains("expands to more than"), f.error().getMessage());
    assertTrue(f.error().getMessage().startsWith("host/web01.nyc1.yml:"), f.error().getMessage());
    assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "refused quickly");
  }

  @Test
  void recursiveAliasAndDeepNestingAreRefused() {
    RepoFile rec = file("colo/nyc1.yml", "params:\n  a: &a [x, *a]\n");
    assertTrue(rec.error().reason().contains("nests deeper"), rec.error().getMessage());
    RepoFile deep = file("colo/nyc1.yml", "params:\n  a: " + "[".repeat(60) + "]".repeat(60));
    assertTrue(deep.error().reason().contains("Nesting Depth"), deep.error().getMessage());
  }

  @Test
  void duplicateKeysNameFileLineAndKey() {
    RepoFile host =
        file("host/web01.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 1\nversion: 2\n");
    assertEquals(4, host.error().line());
    assertEquals("version", host.error().key());
    assertTrue(
        host.error().reason().contains("duplicate key (first on line 3)"), host.error().reason());
    RepoFile nested = file("colo/nyc1.yml", "params:\n  dns: a\n  ntp: b\n  dns: c\n");
    assertEquals("params.dns", nested.error().key());
    assertEquals(4, nested.error().line());
    RepoFile user = file("users/jane.yml", "uid: 1001\nuid: 1002\naccess: {all: true}\n");
    assertEquals("uid", user.error().key());
  }

  @Test
  void aLongScalarIsRefusedQuickly() {
    long t0 = System.nanoTime();
    String word = "x".repeat(YamlNode.MAX_RUN + 1);
    RepoFile one = file("colo/nyc1.yml", "params:\n  big: \"" + word + "\"\n");
    assertEquals(2, one.error().line());
    assertTrue(one.error().reason().contains("without a space"), one.error().reason());
    String spaced = "xxxxxxx ".repeat(YamlNode.MAX_SCALAR / 8 + 1);
    RepoFile two = file("colo/nyc1.yml", "params:\n  big: \"" + spaced + "\"\n");
    assertEquals("params.big", two.error().key());
    assertTrue(two.error().reason().contains("longer than"), two.error().reason());
    assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused quickly");
  }

  @Test
  void aFileOverTheSizeLimitKeepsItsPlaceAndNamesTheLimit() {
    byte[] big = new byte[RepoFile.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) '#');
    RepoFile f = RepoFile.parse("host/web01.nyc1.yml", big, false);
    assertInstanceOf(RepoFile.HostFile.class, f);
    assertTrue(f.error().reason().contains("larger than"), f.error().reason());
  }

  @Test
  void hostFilesNamedNotLikeHostsAreMisplaced() {
    for (String name : List.of("UPPER.t1", "a..b", "-bad")) {
      RepoFile f = file("host/" + name + ".yml", "colo: nyc1\nhostclass: web\nversion: 1\n");
      assertInstanceOf(RepoFile.Misplaced.class, f, name);
      assertTrue(f.error().reason().contains("bad hostname"), f.error().reason());
    }
  }
}
