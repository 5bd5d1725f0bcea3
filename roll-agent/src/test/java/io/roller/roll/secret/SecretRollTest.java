package io.roller.roll.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.ResolvedHost;
import io.roller.model.Secret;
import io.roller.roll.Fleet;
import io.roller.roll.RollExtension;
import io.roller.roll.TestHost;
import io.roller.roll.TestPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whole rolls of a host with secret params, from the real config server into a temp root, with real
 * age keys: plaintext reaches only the rendered file.
 */
class SecretRollTest {
  static final String PLAIN = "pl41ntext-Db-Pa55word";
  static final String PLAIN2 = "n3w-r0tated-Pa55word";

  @RegisterExtension final RollExtension fixture = new RollExtension();
  Fleet fleet;
  TestHost host;
  String recipient;
  ResolvedHost.Package web;

  @BeforeEach
  void setUp() throws Exception {
    fleet = fixture.fleet();
    host = fixture.host();
    recipient = Identity.create(Identity.hostFile(host.root)).recipient();
    web =
        fleet.publish(
            "web",
            "1.0.0",
            TestPackages.service("web", "grep -q port etc/web.conf")
                .dir("etc")
                .file("etc/web.conf.tmpl", "port={{ port }}\n".getBytes(), 0644)
                .file("etc/db.conf.tmpl", "user=app\npassword={{ db_password }}\n".getBytes(), 0644)
                .gz());
    fleet.host(List.of(web), Map.of("port", 8080));
  }

  TestHost.Result roll(String... extra) {
    return fixture.roll(extra);
  }

  static String secretYaml(String armor) {
    return "!secret |\n" + armor.indent(4);
  }

  String hostWithSecret(String armor) {
    return fleet.commit(
        "host/" + fleet.hostname() + ".yml",
        "colo: nyc1\nhostclass: web\nversion: "
            + fleet.hostclassVersion()
            + "\nparams:\n  port: 8080\n  db_password: "
            + secretYaml(armor));
  }

  @Test
  void aSecretReachesOnlyItsRenderedFileWrittenWithoutWorldRead() throws Exception {
    Age.Keys admin = Age.generate();
    String armor = Age.encrypt(PLAIN.getBytes(), List.of(recipient, admin.recipient()));
    String rev1 = hostWithSecret(armor);
    List<String> outputs = new ArrayList<>();

    TestHost.Result dry = roll("--dry-run");
    outputs.add(dry.out() + dry.err());
    assertTrue(dry.code() == 0 || dry.code() == 3, dry.err());
    TestHost.Result dryJson = roll("--dry-run", "--json");
    outputs.add(dryJson.out() + dryJson.err());
    TestHost.Result r = roll("--json");
    outputs.add(r.out() + r.err());
    assertEquals(0, r.code(), r.err());

    assertEquals("user=app\npassword=" + PLAIN + "\n", host.readLocal("etc/db.conf"));
    assertEquals(
        "rw-r-----",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(host.root.resolve("usr/local/etc/db.conf"))),
        "a file rendered from a secret loses the world-read bit the package gave it");
    assertEquals(
        "rw-r--r--",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(host.root.resolve("usr/local/etc/web.conf"))),
        "files without secrets keep their mode");

    // a changed secret: dry-run says so and nothing more
    String rev2 =
        hostWithSecret(Age.encrypt(PLAIN2.getBytes(), List.of(recipient, admin.recipient())));
    TestHost.Result dry2 = roll("--dry-run");
    outputs.add(dry2.out() + dry2.err());
    assertTrue(dry2.code() == 0 || dry2.code() == 3, dry2.err());
    assertTrue(dry2.out().contains("db_password: secret changed"), dry2.out());
    assertTrue(dry2.out().contains("changed etc/db.conf"), dry2.out());
    assertFalse(dry2.out().contains("password="), "no diff of a secret file: " + dry2.out());
    TestHost.Result dry2Json = roll("--dry-run", "--json");
    outputs.add(dry2Json.out() + dry2Json.err());
    TestHost.Result r2 = roll();
    outputs.add(r2.out() + r2.err());
    assertEquals(0, r2.code(), r2.err());
    assertEquals("user=app\npassword=" + PLAIN2 + "\n", host.readLocal("etc/db.conf"));
    outputs.add(roll("status", "--json").out());
    outputs.add(roll("history").out());

    // every view of the server
    for (String path :
        List.of(
            "/host/" + fleet.hostname() + "/resolved",
            "/host/" + fleet.hostname(),
            "/host/" + fleet.hostname() + "/diff?from=" + rev1 + "&to=" + rev2,
            "/diff?from=" + rev1 + "&to=" + rev2,
            "/log",
            "/colo/nyc1",
            "/hostclass/web/" + fleet.hostclassVersion())) {
      outputs.add(fleet.server().get(path).body());
    }
    for (String out : outputs) {
      assertNoPlaintext(out, "output");
    }
    // every file roll wrote, but the rendered file itself
    try (Stream<Path> files = Files.walk(host.root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (f.getFileName().toString().equals("db.conf")) {
          continue;
        }
        assertNoPlaintext(
            new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1),
            host.root.relativize(f).toString());
      }
    }
    try (Stream<Path> files = Files.walk(host.root)) {
      assertTrue(
          files.anyMatch(f -> f.toString().endsWith("roll.log")), "the roll log was checked");
    }
  }

  @Test
  void aSecretReencryptedToTheSamePlaintextRestartsNothing() throws Exception {
    hostWithSecret(Age.encrypt(PLAIN.getBytes(), List.of(recipient)));
    assertEquals(0, roll().code());
    List<String> events = host.events();
    // a rekey: new ciphertext (another recipient too), same plaintext
    hostWithSecret(Age.encrypt(PLAIN.getBytes(), List.of(recipient, Age.generate().recipient())));
    TestHost.Result r = roll();
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("already converged"), r.out());
    assertEquals(events, host.events(), "nothing restarted");
  }

  @Test
  void impactOfAChangedSecretSaysSecretChangedAndNothingMore() throws Exception {
    List<String> to = List.of(recipient);
    String rev1 = hostWithSecret(Age.encrypt(PLAIN.getBytes(), to));
    String rev2 = hostWithSecret(Age.encrypt(PLAIN2.getBytes(), to));
    SecretCliTest.Run r =
        SecretCliTest.roll(
            "impact", "--server", fleet.url(), "--from", rev1, "--to", rev2, "--render");
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("param db_password: secret changed"), r.out());
    assertFalse(r.out().contains("BEGIN AGE"), r.out());
    assertFalse(r.out().contains("\"secret\""), "no sha256 in the text form: " + r.out());
    SecretCliTest.Run json =
        SecretCliTest.roll(
            "impact", "--server", fleet.url(), "--from", rev1, "--to", rev2, "--json");
    assertTrue(json.out().contains("\"secret\":"), "--json names the secret by its sha256");
    assertNoPlaintext(r.out() + r.err() + json.out() + json.err(), "roll impact");
  }

  static void assertNoPlaintext(String text, String where) {
    assertFalse(text.contains(PLAIN), where + " holds the plaintext: " + text);
    assertFalse(text.contains(PLAIN2), where + " holds the plaintext: " + text);
  }

  @Test
  void aSecretTheHostCannotDecryptFailsBeforeAnythingStopsNamingParamAndFile() throws Exception {
    fleet.commit("colo/nyc1.yml", "params:\n  dns: [10.1.0.2]\n  db_password: not-yet-secret\n");
    assertEquals(0, roll().code());
    assertTrue(host.running("web"));
    // a colo secret reaching a host whose recipient is missing from its recipients
    String armor = Age.encrypt(PLAIN.getBytes(), List.of(Age.generate().recipient()));
    fleet.commit(
        "colo/nyc1.yml", "params:\n  dns: [10.1.0.2]\n  db_password: " + secretYaml(armor));

    TestHost.Result r = roll();

    assertEquals(1, r.code(), r.out());
    assertTrue(r.reason().contains("'db_password'"), r.reason());
    assertTrue(r.reason().contains("colo/nyc1.yml"), r.reason());
    assertTrue(r.reason().contains("no identity matches"), r.reason());
    assertEquals(List.of("start web gen=1"), host.events(), "nothing stopped");
    assertTrue(host.running("web"));
    assertTrue(
        Files.readString(host.root.resolve("var/log/roller/roll.log")).contains("db_password"));
  }

  @Test
  void aCorruptedOrTruncatedArmorFailsTheRollNamingTheParam() throws Exception {
    String armor = Age.encrypt(PLAIN.getBytes(), List.of(recipient));
    String[] lines = armor.split("\n");
    String truncated =
        String.join("\n", java.util.Arrays.copyOf(lines, lines.length - 2))
            + "\n"
            + Secret.END
            + "\n";
    hostWithSecret(truncated);
    TestHost.Result r = roll();
    assertEquals(1, r.code(), r.out());
    assertTrue(r.reason().contains("'db_password'"), r.reason());
    assertTrue(r.reason().contains("host/web01.nyc1.yml"), r.reason());
    assertFalse(Files.exists(host.root.resolve("usr/local/etc/db.conf")));
  }

  @Test
  void aMissingOrWrongIdentityFailsTheRoll() throws Exception {
    hostWithSecret(Age.encrypt(PLAIN.getBytes(), List.of(recipient)));
    Path id = Identity.hostFile(host.root);
    String good = Files.readString(id);

    Files.delete(id);
    TestHost.Result missing = roll();
    assertEquals(1, missing.code());
    assertTrue(missing.reason().contains("no age identity at " + id), missing.reason());
    assertTrue(missing.reason().contains("roll secret keygen"), missing.reason());

    Files.writeString(id, "not a key\n");
    Files.setPosixFilePermissions(id, PosixFilePermissions.fromString("rw-------"));
    TestHost.Result garbage = roll();
    assertEquals(1, garbage.code());
    assertTrue(garbage.reason().contains("not an age X25519 identity file"), garbage.reason());
    assertFalse(garbage.reason().contains("not a key"), "the file's content is not echoed");

    Files.writeString(id, Age.generate().identity() + "\n");
    TestHost.Result wrong = roll();
    assertEquals(1, wrong.code());
    assertTrue(
        wrong.reason().contains("cannot decrypt secret param 'db_password'"), wrong.reason());

    Files.writeString(id, good);
    Files.setPosixFilePermissions(id, PosixFilePermissions.fromString("rw-r--r--"));
    TestHost.Result open = roll();
    assertEquals(1, open.code());
    assertTrue(open.reason().contains("readable by others"), open.reason());
    assertFalse(open.reason().contains("AGE-SECRET-KEY"), open.reason());

    Files.setPosixFilePermissions(id, PosixFilePermissions.fromString("rw-------"));
    assertEquals(0, roll().code());
  }

  @Test
  void aSecretMadeByTheAgeCliRolls() throws Exception {
    Path cliKey = fixture.dir().resolve("cli-key.txt");
    String cliRecipient = AgeCli.keygen(cliKey);
    Path id = Identity.hostFile(host.root);
    Files.writeString(id, Files.readString(cliKey));
    hostWithSecret(AgeCli.encrypt(PLAIN.getBytes(), cliRecipient));
    TestHost.Result r = roll();
    assertEquals(0, r.code(), r.err());
    assertEquals("user=app\npassword=" + PLAIN + "\n", host.readLocal("etc/db.conf"));
  }

  static String read(Path p) throws IOException {
    return Files.readString(p);
  }
}
