package io.roller.roll.secret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.Secret;
import io.roller.model.YamlNode;
import io.roller.roll.Main;
import io.roller.server.testing.TestRepo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** roll secret keygen, encrypt and rekey, and roll validate's secret checks, on a real checkout. */
class SecretCliTest {
  @TempDir Path tmp;
  Path repo;
  Path adminId;
  String admin;
  Map<String, String> hostKeys = new java.util.TreeMap<>();

  record Run(int code, String out, String err) {}

  static Run roll(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Run encrypt(String scope, String plaintext) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl =
        new CommandLine(
            new EncryptCommand(
                new ByteArrayInputStream(plaintext.getBytes(StandardCharsets.UTF_8))));
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("--for", scope, "--repo", repo.toString());
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeEach
  void checkout() throws IOException {
    repo = tmp.resolve("repo");
    try (Stream<Path> s = Files.walk(TestRepo.configRepoDir())) {
      for (Path p : s.toList()) {
        Path to = repo.resolve(TestRepo.configRepoDir().relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    adminId = tmp.resolve("admin.key");
    admin = roll("secret", "keygen", "--identity", adminId.toString()).out().strip();
    for (String h : NYC1) {
      Path root = tmp.resolve("roots").resolve(h);
      hostKeys.put(h, roll("secret", "keygen", "--root", root.toString()).out().strip());
    }
    writeSecrets(NYC1.stream().filter(h -> !h.equals("web03.nyc1")).toList());
  }

  static final List<String> NYC1 =
      List.of(
          "cache01.nyc1",
          "cache02.nyc1",
          "db01.nyc1",
          "db02.nyc1",
          "web01.nyc1",
          "web02.nyc1",
          "web03.nyc1");

  void writeSecrets(List<String> hosts) throws IOException {
    StringBuilder sb = new StringBuilder("admins: [" + admin + "]\nrecipients:\n");
    for (String h : hosts) {
      sb.append("  host/").append(h).append(": [").append(hostKeys.get(h)).append("]\n");
    }
    Files.writeString(repo.resolve("secrets.yml"), sb.toString());
  }

  Path hostRoot(String h) {
    return tmp.resolve("roots").resolve(h);
  }

  @Test
  void keygenWritesAnOwnerOnlyIdentityOnceAndPrintsItsRecipient() throws Exception {
    Path root = tmp.resolve("fresh");
    Run first = roll("secret", "keygen", "--root", root.toString());
    assertEquals(0, first.code(), first.err());
    Path id = root.resolve("etc/roller/identity");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(id)));
    assertTrue(first.out().strip().startsWith("age1"), first.out());
    assertFalse(first.out().contains("AGE-SECRET-KEY"), "the identity is never printed");
    Run again = roll("secret", "keygen", "--root", root.toString());
    assertEquals(0, again.code(), again.err());
    assertEquals(first.out(), again.out(), "a second keygen keeps the identity");
    assertEquals(
        first.out().strip(),
        AgeCli.run(new byte[0], "age-keygen", "-y", id.toString()).text().strip());
  }

  @Test
  void encryptPrintsAYamlValueThatTheHostsOfTheScopeAndTheAgeCliDecrypt() throws Exception {
    Run r = encrypt("colo/nyc1", "hunter2\n");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("!secret |\n    -----BEGIN AGE ENCRYPTED FILE-----\n"), r.out());
    String yaml = "params:\n  db_password: " + r.out();
    Secret s =
        (Secret)
            ((Map<?, ?>) YamlNode.parse("x.yml", yaml).entries().get("params").value())
                .get("db_password");
    for (String h : List.of("web01.nyc1", "web02.nyc1")) {
      Identity id = Identity.load(Identity.hostFile(hostRoot(h)));
      assertArrayEquals("hunter2".getBytes(), Age.open(s.armor(), id.keys()).plaintext(), h);
      AgeCli.Result cli = AgeCli.decrypt(s.armor(), Identity.hostFile(hostRoot(h)));
      assertEquals(0, cli.code(), cli.err());
      assertEquals("hunter2", cli.text());
    }
    List<String> want = new java.util.ArrayList<>(List.of(admin));
    NYC1.stream().filter(h -> !h.equals("web03.nyc1")).forEach(h -> want.add(hostKeys.get(h)));
    assertEquals(want.stream().sorted().toList(), Age.recipients(s.armor()));

    Run bad = encrypt("planet/earth", "x");
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("--for wants host/<hostname>"), bad.err());
  }

  @Test
  void rekeyReencryptsOnlySecretsWhoseRecipientsChanged() throws Exception {
    String colo = encrypt("colo/nyc1", "colo-pw").out();
    String own = encrypt("host/web01.nyc1", "web01-pw").out();
    Path coloFile = repo.resolve("colo/nyc1.yml");
    Path hostFile = repo.resolve("host/web01.nyc1.yml");
    Files.writeString(
        coloFile, Files.readString(coloFile) + "  db_password: " + colo + "  after: 1\n");
    Files.writeString(hostFile, Files.readString(hostFile) + "  api_key: " + own);
    byte[] hostBefore = Files.readAllBytes(hostFile);
    String coloBefore = Files.readString(coloFile);

    Run ok = roll("validate", repo.toString());
    assertTrue(ok.out().contains("web03.nyc1, which has no recipient"), ok.out());
    assertEquals(1, ok.code());

    // a host is added: its recipient goes into secrets.yml, then rekey
    writeSecrets(NYC1);
    Run stale = roll("validate", repo.toString());
    assertEquals(1, stale.code(), stale.out());
    assertTrue(
        stale.out().contains("colo/nyc1.yml:")
            && stale.out().contains("not encrypted to host web03.nyc1"),
        stale.out());

    Run r = roll("secret", "rekey", "--identity", adminId.toString(), "--repo", repo.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("rekeyed colo/nyc1.yml db_password"), r.out());
    assertTrue(r.out().contains("1 of 2 secret(s) rekeyed"), r.out());
    assertArrayEquals(
        hostBefore, Files.readAllBytes(hostFile), "web01's own secret keeps its bytes");
    String coloAfter = Files.readString(coloFile);
    assertNotEquals(coloBefore, coloAfter);
    assertEquals(
        coloBefore.substring(0, coloBefore.indexOf("  db_password:")),
        coloAfter.substring(0, coloAfter.indexOf("  db_password:")),
        "bytes before the secret are untouched");
    assertTrue(coloAfter.endsWith("-----END AGE ENCRYPTED FILE-----\n  after: 1\n"), coloAfter);
    Secret s =
        (Secret)
            io.roller.model.Colo.parse("colo/nyc1.yml", "nyc1", coloAfter)
                .params()
                .get("db_password");
    AgeCli.Result web03 = AgeCli.decrypt(s.armor(), Identity.hostFile(hostRoot("web03.nyc1")));
    assertEquals("colo-pw", web03.text(), web03.err());

    Run valid = roll("validate", repo.toString());
    assertEquals(0, valid.code(), valid.out());

    Run again =
        roll("secret", "rekey", "--identity", adminId.toString(), "--repo", repo.toString());
    assertTrue(again.out().contains("0 of 2 secret(s) rekeyed"), again.out());
    assertEquals(coloAfter, Files.readString(coloFile));
  }

  @Test
  void validateFlagsASecretWhoseRecipientsAreNotRecordedOrArmorIsBroken() throws Exception {
    Path hostFile = repo.resolve("host/web01.nyc1.yml");
    String cli = AgeCli.encrypt("x".getBytes(), hostKeys.get("web01.nyc1"));
    Files.writeString(
        hostFile,
        Files.readString(hostFile)
            + "  a: "
            + RepoSecrets.yamlValue(cli, 4)
            + "  b: !secret |\n    "
            + Secret.BEGIN
            + "\n    AAAA\n    "
            + Secret.END
            + "\n");
    Run r = roll("validate", repo.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("key 'params.a': the secret records no recipients"), r.out());
    assertTrue(r.out().contains("key 'params.b': not a valid age armor"), r.out());
  }

  @Test
  void rekeyWithoutTheAdminIdentityFailsNamingTheSecret() throws Exception {
    Path hostFile = repo.resolve("host/web01.nyc1.yml");
    String cli = AgeCli.encrypt("x".getBytes(), hostKeys.get("web01.nyc1"));
    Files.writeString(
        hostFile, Files.readString(hostFile) + "  a: " + RepoSecrets.yamlValue(cli, 4));
    Run r = roll("secret", "rekey", "--identity", adminId.toString(), "--repo", repo.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("host/web01.nyc1.yml:"), r.err());
    assertTrue(r.err().contains("param 'a'"), r.err());
    assertTrue(r.err().contains("cannot decrypt"), r.err());
  }
}
