package io.roller.foreman;

import static io.roller.foreman.Fixtures.account;
import static io.roller.foreman.Fixtures.jane;
import static io.roller.foreman.Fixtures.key;
import static io.roller.foreman.Fixtures.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.foreman.apply.StateDir;
import io.roller.foreman.core.ForemanException;
import io.roller.model.HostUsers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The apply layer with the real useradd/usermod/groupadd (--prefix) on a temp Debian root. */
class SyncTest {
  @TempDir Path tmp;
  Path root;

  @BeforeEach
  void debianRoot() throws IOException {
    root = Fixtures.debianRoot(tmp.resolve("root"));
  }

  private Sync.Outcome sync(HostUsers want) throws IOException {
    return new Sync(root, false)
        .run(want, p -> {}, new PrintWriter(OutputStream.nullOutputStream()));
  }

  private Sync.Outcome syncOk(HostUsers want) throws IOException {
    Sync.Outcome o = sync(want);
    assertEquals(List.of(), o.result().failures());
    return o;
  }

  private String line(String file, String name) throws IOException {
    return Files.readAllLines(root.resolve("etc/" + file)).stream()
        .filter(l -> l.startsWith(name + ":"))
        .findFirst()
        .orElse(null);
  }

  private Map<String, Object> attrs(String path) throws IOException {
    return Files.readAttributes(root.resolve(path), "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
  }

  private void assertOwned(String path, int mode) throws IOException {
    Map<String, Object> a = attrs(path);
    assertEquals(mode, (Integer) a.get("mode") & 07777, path);
    assertEquals(2001, a.get("uid"), path);
    assertEquals(2001, a.get("gid"), path);
  }

  /** Every file of the root with its bytes and attributes, to show nothing changed. */
  private Map<String, String> snapshot() throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        String rel = root.relativize(p).toString();
        Map<String, Object> a =
            Files.readAttributes(
                p, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        m.put(
            rel,
            a + (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readString(p) : ""));
      }
    }
    return m;
  }

  @Test
  void grantCreatesTheUserHerGroupsKeysAndDotfiles() throws IOException {
    syncOk(view(jane()));
    assertEquals("jane:x:2001:2001:jane user:/home/jane:/bin/bash", line("passwd", "jane"));
    assertTrue(line("shadow", "jane").startsWith("jane:*:"), line("shadow", "jane"));
    assertTrue(line("group", "ops").endsWith(":jane"));
    assertEquals("adm:x:4:jane", line("group", "adm"));
    assertOwned("home/jane", 0755);
    assertOwned("home/jane/.ssh", 0700);
    assertOwned("home/jane/.ssh/authorized_keys", 0600);
    assertEquals(
        key("jane") + "\n", Files.readString(root.resolve("home/jane/.ssh/authorized_keys")));
    assertOwned("home/jane/.bashrc", 0644);
    assertEquals("alias ll='ls -l'\n", Files.readString(root.resolve("home/jane/.bashrc")));
    assertOwned("home/jane/.config/git", 0755);
    assertOwned("home/jane/.config/git/config", 0600);
    assertTrue(
        Files.readString(root.resolve("var/lib/roller/foreman/managed.json")).contains("\"jane\""));
    assertFalse(Files.exists(root.resolve("var/lib/roller/foreman/journal")));
  }

  @Test
  void aSecondSyncPlansNothingAndChangesNothing() throws IOException {
    syncOk(view(jane(), account("raj", 2002, List.of("web"), List.of(key("raj")), List.of())));
    Map<String, String> before = snapshot();
    Sync.Outcome again =
        syncOk(view(jane(), account("raj", 2002, List.of("web"), List.of(key("raj")), List.of())));
    assertEquals(List.of(), again.plan().steps());
    before.remove("var/lib/roller/foreman/lock");
    Map<String, String> after = snapshot();
    after.remove("var/lib/roller/foreman/lock");
    assertEquals(before, after);
  }

  @Test
  void updateChangesShellCommentGroupsKeysAndDotfiles() throws IOException {
    syncOk(view(jane()));
    HostUsers.Account changed =
        new HostUsers.Account(
            "jane",
            2001,
            "Jane Doe",
            "/bin/sh",
            List.of("ops"),
            List.of(key("jane2")),
            List.of(Fixtures.dotfile(".bashrc", "0600", "set -o vi\n")));
    syncOk(view(changed));
    assertEquals("jane:x:2001:2001:Jane Doe:/home/jane:/bin/sh", line("passwd", "jane"));
    assertEquals("adm:x:4:", line("group", "adm"));
    assertTrue(line("group", "ops").endsWith(":jane"));
    assertEquals(
        key("jane2") + "\n", Files.readString(root.resolve("home/jane/.ssh/authorized_keys")));
    assertEquals("set -o vi\n", Files.readString(root.resolve("home/jane/.bashrc")));
    assertOwned("home/jane/.bashrc", 0600);
    assertEquals(List.of(), syncOk(view(changed)).plan().steps());
  }

  @Test
  void revokeLocksAndExpiresKeepsTheHomeAndRemovesTheKeys() throws IOException {
    syncOk(view(jane()));
    syncOk(view());
    assertEquals("jane:x:2001:2001:jane user:/home/jane:/bin/bash", line("passwd", "jane"));
    String[] shadow = line("shadow", "jane").split(":", -1);
    assertEquals("!*", shadow[1]);
    assertEquals("1", shadow[7]);
    assertFalse(Files.exists(root.resolve("home/jane/.ssh/authorized_keys")));
    assertTrue(Files.exists(root.resolve("home/jane/.bashrc")));
    assertEquals(List.of(), syncOk(view()).plan().steps());
  }

  @Test
  void regrantUnlocksTheSameUidAndRestoresTheKeys() throws IOException {
    syncOk(view(jane()));
    syncOk(view());
    syncOk(view(jane()));
    assertEquals("jane:x:2001:2001:jane user:/home/jane:/bin/bash", line("passwd", "jane"));
    String[] shadow = line("shadow", "jane").split(":", -1);
    assertEquals("*", shadow[1]);
    assertEquals("", shadow[7]);
    assertEquals(
        key("jane") + "\n", Files.readString(root.resolve("home/jane/.ssh/authorized_keys")));
    assertEquals(List.of(), syncOk(view(jane())).plan().steps());
  }

  @Test
  void aLocalUserIsLeftAloneEvenWhenTheRepoGrantsHerLogin() throws IOException {
    Map<String, String> before = snapshot();
    Sync.Outcome o =
        syncOk(
            view(
                account("cloudsdk", 1000, List.of("ops"), List.of(key("x")), List.of()),
                account("systemd-network", 998, List.of(), List.of(), List.of())));
    assertEquals(List.of(), o.plan().steps());
    assertEquals(2, o.plan().refused().size());
    Map<String, String> after = snapshot();
    after
        .keySet()
        .removeIf(k -> k.isEmpty() || k.startsWith("var")); // foreman's own state dir and lock
    before.remove("");
    assertEquals(before, after);
  }

  @Test
  void dryRunChangesNothing() throws IOException {
    Map<String, String> before = snapshot();
    Sync.Outcome o =
        new Sync(root, true)
            .run(view(jane()), p -> {}, new PrintWriter(OutputStream.nullOutputStream()));
    assertEquals(5, o.plan().steps().size());
    assertEquals(before, snapshot());
  }

  @Test
  void aSecondSyncWaitsForNoneAndChangesNothingWhileTheLockIsHeld() throws IOException {
    try (StateDir held = new StateDir(root)) {
      held.lock();
      Map<String, String> before = snapshot();
      ForemanException e = assertThrows(ForemanException.class, () -> sync(view(jane())));
      assertEquals(4, e.exitCode());
      assertEquals(before, snapshot());
    }
  }

  @Test
  void keysAreNeverWrittenThroughASymlinkPlantedByTheUser() throws IOException {
    syncOk(view(jane()));
    Path target = Files.createDirectories(tmp.resolve("elsewhere"));
    Path ssh = root.resolve("home/jane/.ssh");
    Files.delete(ssh.resolve("authorized_keys"));
    Files.delete(ssh);
    Files.createSymbolicLink(ssh, target);
    Sync.Outcome o =
        syncOk(
            view(
                account(
                    "jane",
                    2001,
                    List.of("ops", "adm"),
                    List.of(key("other")),
                    jane().dotfiles())));
    assertTrue(
        o.plan().refused().get(0).reason().contains("symlink"), o.plan().refused()::toString);
    try (Stream<Path> s = Files.list(target)) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void dotfilesThatLeaveTheHomeAreRefusedAndNothingIsWrittenOutsideIt() throws IOException {
    Map<String, String> before = snapshot();
    Sync.Outcome o =
        syncOk(
            view(
                account(
                    "jane",
                    2001,
                    List.of(),
                    List.of(),
                    List.of(
                        Fixtures.dotfile(
                            "../../etc/passwd", "0644", "root::0:0::/root:/bin/bash\n"),
                        Fixtures.dotfile("/etc/shadow", "0644", "x"),
                        Fixtures.dotfile(".ssh/authorized_keys", "0600", key("intruder"))))));
    assertEquals(3, o.plan().refused().size(), o.plan().refused()::toString);
    Map<String, String> after = snapshot();
    after.keySet().removeIf(k -> k.startsWith("home/jane") || k.startsWith("var"));
    before.keySet().removeIf(k -> k.startsWith("etc") || k.isEmpty() || k.equals("home"));
    after.keySet().removeIf(k -> k.startsWith("etc") || k.isEmpty() || k.equals("home"));
    assertEquals(before, after);
    assertEquals("", Files.readString(root.resolve("home/jane/.ssh/authorized_keys")));
    assertTrue(line("passwd", "root").startsWith("root:x:0:0:"));
  }

  @Test
  void aFailedStepIsReportedAndOtherUsersGoOn() throws IOException {
    // a file squatting where bob's home goes: useradd warns and goes on, bob's files cannot be
    // written
    Files.writeString(root.resolve("home/bob"), "squatter");
    Sync.Outcome o =
        sync(
            view(
                account(
                    "bob",
                    2002,
                    List.of(),
                    List.of(key("bob")),
                    List.of(Fixtures.dotfile(".x", "0644", "x"))),
                jane()));
    List<String> failed =
        o.result().failures().stream().map(f -> f.step().describe() + ": " + f.error()).toList();
    assertEquals(2, failed.size(), failed::toString);
    assertTrue(
        failed
            .get(0)
            .startsWith(
                "write /home/bob/.ssh/authorized_keys (0600, 92 bytes; 1 keys): home /home/bob is missing"),
        failed::toString);
    assertTrue(
        failed
            .get(1)
            .startsWith(
                "write /home/bob/.x (0644, 1 bytes; dotfile): skipped: an earlier step for bob failed"),
        failed::toString);
    assertEquals(
        key("jane") + "\n", Files.readString(root.resolve("home/jane/.ssh/authorized_keys")));
    assertEquals("squatter", Files.readString(root.resolve("home/bob")));
  }
}
