package io.roller.foreman;

import static io.roller.foreman.Fixtures.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.TestRepo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** foreman sync as an operator runs it, against the real config server on the example fleet. */
class ForemanEndToEndTest {
  @TempDir Path tmp;
  TestRepo repo;
  RunningServer server;
  Path root;
  String out;
  String err;

  @BeforeEach
  void start() throws IOException {
    repo = TestRepo.exampleFleet(tmp.resolve("repo"));
    server = RunningServer.start(repo);
    root = Fixtures.debianRoot(tmp.resolve("root"));
  }

  @AfterEach
  void stop() {
    server.close();
    repo.close();
  }

  private int foreman(Map<String, String> env, String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int rc =
        new Main(
                new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8),
                env)
            .run(args);
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return rc;
  }

  private int sync(String host, String... more) {
    String[] base = {
      "sync", "--server", server.url(), "--hostname", host, "--root", root.toString()
    };
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return foreman(Map.of(), args);
  }

  private void commit(String path, String text) {
    repo.write(path, text).commit("change " + path);
    server.post("/refresh");
  }

  private String passwd(String login) throws IOException {
    return line("passwd", login);
  }

  private String line(String file, String login) throws IOException {
    return Files.readAllLines(root.resolve("etc/" + file)).stream()
        .filter(l -> l.startsWith(login + ":"))
        .findFirst()
        .orElse(null);
  }

  private Map<String, String> tree() throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        m.put(
            root.relativize(p).toString(),
            Files.readAttributes(
                        p, "unix:mode,uid,gid,size,ino,lastModifiedTime", LinkOption.NOFOLLOW_LINKS)
                    .toString()
                + (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readString(p) : ""));
      }
    }
    return m;
  }

  private static final String RAJ =
      "uid: 2002\ncomment: Raj Patel\nshell: %s\ngroups: [web]\nssh_keys:\n  - %s\n"
          + "access: {hostclasses: [web, cache]}\n";

  @Test
  void grantUpdateRevokeAndRegrantThroughTheServer() throws IOException {
    assertEquals(0, sync("web01.nyc1"), err);
    assertTrue(out.startsWith("web01.nyc1 at revision " + repo.head() + ": "), out);
    assertEquals("jane:x:2001:2001:Jane Doe:/home/jane:/bin/bash", passwd("jane"));
    assertEquals("raj:x:2002:2002:Raj Patel:/home/raj:/bin/bash", passwd("raj"));
    assertEquals(null, passwd("mia"), "mia is granted on db hosts and sjc1 only");
    assertEquals(
        Files.readString(Path.of(TestRepo.configRepoDir() + "/users/jane/home/.bashrc")),
        Files.readString(root.resolve("home/jane/.bashrc")));
    assertTrue(
        Files.readString(root.resolve("home/raj/.ssh/authorized_keys")).startsWith("ssh-ed25519 "));

    commit("users/raj.yml", String.format(RAJ, "/bin/zsh", key("raj-new")));
    assertEquals(0, sync("web01.nyc1"), err);
    assertEquals("raj:x:2002:2002:Raj Patel:/home/raj:/bin/zsh", passwd("raj"));
    assertEquals(
        key("raj-new") + "\n", Files.readString(root.resolve("home/raj/.ssh/authorized_keys")));

    repo.delete("users/raj.yml").commit("raj leaves");
    server.post("/refresh");
    assertEquals(0, sync("web01.nyc1"), err);
    assertTrue(out.contains("lock user raj"), out);
    assertTrue(line("shadow", "raj").startsWith("raj:!*:"), line("shadow", "raj"));
    assertFalse(Files.exists(root.resolve("home/raj/.ssh/authorized_keys")));
    assertTrue(Files.isDirectory(root.resolve("home/raj")), "a home is never deleted");

    commit("users/raj.yml", String.format(RAJ, "/bin/zsh", key("raj-new")));
    assertEquals(0, sync("web01.nyc1"), err);
    assertEquals("raj:x:2002:2002:Raj Patel:/home/raj:/bin/zsh", passwd("raj"));
    assertTrue(line("shadow", "raj").startsWith("raj:*:"), line("shadow", "raj"));
    assertEquals(
        key("raj-new") + "\n", Files.readString(root.resolve("home/raj/.ssh/authorized_keys")));
  }

  @Test
  void aUserWhoseShellTheHostLacksIsCreatedWithAWarningNamingUserAndShell() throws IOException {
    Path bash = Files.createDirectories(root.resolve("bin")).resolve("bash");
    Files.writeString(bash, "#!/bin/sh\n");
    bash.toFile().setExecutable(true);
    commit("users/raj.yml", String.format(RAJ, "/bin/zsh", key("raj")));

    assertEquals(0, sync("web01.nyc1"), err);

    assertEquals("raj:x:2002:2002:Raj Patel:/home/raj:/bin/zsh", passwd("raj"));
    assertEquals(
        "foreman: warning: user raj gets shell /bin/zsh, which is not on this host ("
            + root.resolve("bin/zsh")
            + " is missing): raj cannot log in until a package or the base image installs it\n",
        err,
        "jane's /bin/bash is there: no warning for her");

    commit(
        "users/jane.yml",
        Files.readString(repo.path().resolve("users/jane.yml"))
            .replace("shell: /bin/bash", "shell: /bin/dash"));
    assertEquals(0, sync("web01.nyc1", "--dry-run"), err);
    assertTrue(
        err.contains("foreman: warning: user jane gets shell /bin/dash, which is not on this host"),
        err);
  }

  @Test
  void aSecondSyncPlansNothing() throws IOException {
    assertEquals(0, sync("db01.sjc1"), err);
    assertTrue(passwd("mia") != null && passwd("jane") != null);
    Map<String, String> before = tree();
    assertEquals(0, sync("db01.sjc1"), err);
    assertEquals("", out, "nothing to do prints nothing, so cron mails nothing");
    assertEquals("", err);
    Map<String, String> after = tree();
    List<String> log = Files.readAllLines(root.resolve("var/log/roller/foreman.log"));
    assertTrue(
        log.get(log.size() - 1)
            .endsWith(
                " host=db01.sjc1 revision="
                    + repo.head()
                    + " steps=0 applied=0 failed=0 refused=0"),
        log::toString);
    assertTrue(
        log.stream().anyMatch(l -> l.contains("   done: create user mia (uid 2003")),
        log::toString);
    before.remove("var/log/roller/foreman.log");
    after.remove("var/log/roller/foreman.log");
    assertEquals(before, after);
  }

  @Test
  void dryRunPrintsThePlanAndChangesNothing() throws IOException {
    Map<String, String> before = tree();
    assertEquals(0, sync("web01.nyc1", "--dry-run"), err);
    assertTrue(out.contains("would create user jane (uid 2001"), out);
    assertTrue(out.contains("would create group ops"), out);
    assertEquals(before, tree());
  }

  @Test
  void jsonDescribesTheStepsForScripts() throws IOException {
    assertEquals(0, sync("web01.nyc1", "--json"), err);
    JsonNode j = new ObjectMapper().readTree(out);
    assertEquals("web01.nyc1", j.get("hostname").asText());
    assertEquals(repo.head(), j.get("revision").asText());
    assertEquals("create-group", j.get("steps").get(0).get("action").asText());
    assertEquals(j.get("steps").size(), j.get("applied").asInt());
    assertEquals(0, j.get("failed").size());
  }

  @Test
  void anUnreachableServerExitsThreeAndChangesNothing() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> before = tree();
    assertEquals(
        3,
        foreman(
            Map.of("ROLLER_SERVER", "http://127.0.0.1:" + port),
            "sync",
            "--hostname",
            "web01.nyc1",
            "--root",
            root.toString()));
    assertTrue(
        err.startsWith("foreman: cannot reach the config server at http://127.0.0.1:" + port), err);
    assertTrue(err.contains("nothing changed"), err);
    assertEquals(before, tree());
  }

  @Test
  void theServerComesFromRollConfUnderTheRoot() throws IOException {
    Files.createDirectories(root.resolve("etc/roller"));
    Files.writeString(
        root.resolve("etc/roller/roll.conf"), "# roll settings\nserver = " + server.url() + "\n");
    assertEquals(
        0,
        foreman(
            Map.of(), "sync", "--hostname", "web01.nyc1", "--root", root.toString(), "--dry-run"),
        err);
    assertTrue(out.contains("would create user jane"), out);
  }

  @Test
  void anUnknownHostFailsWithTheServersReason() throws IOException {
    Map<String, String> before = tree();
    assertEquals(1, sync("nosuch.nyc1"));
    assertTrue(err.startsWith("foreman: the config server answered 404"), err);
    assertTrue(err.contains("nosuch.nyc1"), err);
    assertEquals(before, tree());
  }

  @Test
  void usersTheServerSkipsOrForemanRefusesAreReportedAndLeftAlone() throws IOException {
    repo.write("users/sysacct.yml", "uid: 999\nshell: /bin/bash\naccess: {all: true}\n")
        .write(
            "users/cloudsdk.yml",
            "uid: 1000\nshell: /bin/bash\nssh_keys: [\""
                + key("intruder")
                + "\"]\naccess: {all: true}\n")
        .write(
            "users/evil.yml",
            "uid: 2666\nshell: /bin/bash\nssh_keys: [\"ssh-rsa AAAA\\nssh-ed25519 x\"]\naccess: {all: true}\n")
        .commit("hostile users");
    server.post("/refresh");
    String cloudsdkBefore = passwd("cloudsdk");
    assertEquals(0, sync("web01.nyc1"), err);
    assertTrue(err.contains("foreman: server skipped users/sysacct.yml:1: "), err);
    assertTrue(err.contains("foreman: server skipped users/evil.yml"), err);
    assertTrue(
        err.contains(
            "foreman: refusing cloudsdk: exists here but was not created by foreman; left alone"),
        err);
    assertEquals(cloudsdkBefore, passwd("cloudsdk"));
    assertFalse(Files.exists(root.resolve("home/cloudsdk")));
    assertEquals(null, passwd("sysacct"));
    assertEquals(null, passwd("evil"));
    assertTrue(passwd("jane") != null);
  }

  @Test
  void helpAndUsageErrors() {
    assertEquals(0, foreman(Map.of(), "sync", "--help"));
    assertTrue(out.contains("--splay"), out);
    assertEquals(0, foreman(Map.of(), "--help"));
    assertTrue(out.contains("3   the config server cannot be reached") || out.contains("3 "), out);
    assertEquals(2, foreman(Map.of(), "sync", "--bogus"));
    assertEquals(2, foreman(Map.of(), "sync", "--splay", "soon"));
    assertEquals(
        2, foreman(Map.of(), "sync", "--hostname", "web01.nyc1", "--root", root.toString()));
    assertTrue(err.contains("no config server"), err);
    assertEquals(2, foreman(Map.of()));
    assertEquals(
        2,
        foreman(
            Map.of("ROLLER_SERVER", server.url()),
            "sync",
            "--hostname",
            "bad_host",
            "--root",
            root.toString()));
    assertTrue(err.contains("'bad_host' is not a valid hostname"), err);
    assertEquals(
        2,
        foreman(
            Map.of(),
            "sync",
            "--server",
            "file:///etc",
            "--hostname",
            "web01.nyc1",
            "--root",
            root.toString()));
    assertTrue(err.contains("bad server URL"), err);
  }

  @Test
  void aRootWithoutEtcPasswdFailsNamingTheFile() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertEquals(
        1,
        foreman(
            Map.of(),
            "sync",
            "--server",
            server.url(),
            "--hostname",
            "web01.nyc1",
            "--root",
            empty.toString()));
    assertEquals("foreman: no such file: " + empty.resolve("etc/passwd") + "\n", err);
  }

  @Test
  void hostnamesAreMatchedWithoutRegardToCase() {
    assertEquals(0, sync("WEB01.NYC1", "--dry-run"), err);
    assertTrue(out.startsWith("web01.nyc1 at revision"), out);
  }
}
