package io.roller.foreman.plan;

import static io.roller.foreman.Fixtures.account;
import static io.roller.foreman.Fixtures.dotfile;
import static io.roller.foreman.Fixtures.jane;
import static io.roller.foreman.Fixtures.key;
import static io.roller.foreman.Fixtures.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.foreman.etc.EtcFiles;
import io.roller.model.HostUsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys and dotfiles on host states built in memory, and proof that the planner sees nothing but the
 * Current it is given.
 */
class HomeStepsTest {
  @TempDir Path tmp;
  TestHost host;

  @BeforeEach
  void debianHost() throws IOException {
    host = new TestHost(tmp);
  }

  @Test
  void hostileKeysAreLeftOutAndTheRestWritten() {
    String injected = key("jane") + "\nssh-rsa AAAA evil@attacker";
    HostUsers.Account a =
        account(
            "jane",
            2001,
            List.of(),
            List.of(injected, "ssh-dss AAAAB3Nza", "ssh-ed25519 !!!notbase64", key("jane")),
            List.of());
    Plan p = host.plan(view(a), host.debian, Managed.EMPTY);
    Step.WriteFile keys = (Step.WriteFile) p.steps().get(1);
    assertEquals(key("jane") + "\n", new String(keys.content(), StandardCharsets.UTF_8));
    assertEquals(
        List.of(
            "refusing jane: ssh key 1 left out: ssh key contains a control character or newline",
            "refusing jane: ssh key 2 left out: ssh key type 'ssh-dss' is not one of ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, "
                + "ecdsa-sha2-nistp521, sk-ecdsa-sha2-nistp256@openssh.com, sk-ssh-ed25519@openssh.com, ssh-ed25519, ssh-rsa",
            "refusing jane: ssh key 3 left out: ssh key body is not base64"),
        p.refused().stream().map(Object::toString).toList());
  }

  @Test
  void dotfilesLeavingTheHomeOrWithSetuidModesAreRefused() {
    HostUsers.Account a =
        account(
            "jane",
            2001,
            List.of(),
            List.of(),
            List.of(
                dotfile("../root/.bashrc", "0644", "x"),
                dotfile("/etc/passwd", "0644", "x"),
                dotfile(".a/../../x", "0644", "x"),
                dotfile(".ssh/authorized_keys", "0600", "x"),
                dotfile("bin/tool", "4755", "x"),
                dotfile(".ok", "0640", "ok")));
    Plan p = host.plan(view(a), host.debian, Managed.EMPTY);
    assertEquals(
        List.of(
            "create user jane (uid 2001, shell /bin/bash, home /home/jane)",
            "write /home/jane/.ssh/authorized_keys (0600, 0 bytes; 0 keys)",
            "write /home/jane/.ok (0640, 2 bytes; dotfile)"),
        host.lines(p));
    assertEquals(5, p.refused().size(), p.refused()::toString);
    assertTrue(
        p.refused()
            .get(0)
            .reason()
            .startsWith(
                "dotfile '../root/.bashrc' left out: path has an empty, '.' or '..' segment"));
    assertTrue(p.refused().get(4).reason().contains("no setuid"));
  }

  @Test
  void aTabOrAnyControlCharacterInAKeyCommentIsRefused() {
    Plan p =
        host.plan(
            view(
                account(
                    "jane",
                    2001,
                    List.of(),
                    List.of(key("jane") + "\tx", key("jane") + "\u007f", key("jane")),
                    List.of())),
            host.debian,
            Managed.EMPTY);
    Step.WriteFile keys = (Step.WriteFile) p.steps().get(1);
    assertEquals(key("jane") + "\n", new String(keys.content(), StandardCharsets.UTF_8));
    assertEquals(
        List.of(
            "refusing jane: ssh key 1 left out: ssh key contains a control character or newline",
            "refusing jane: ssh key 2 left out: ssh key contains a control character or newline"),
        p.refused().stream().map(Object::toString).toList());
  }

  @Test
  void aSymlinkedSshDirectoryIsNeverWrittenThrough() {
    EtcFiles etc = host.janeInSync("*", "");
    host.files.put("/home/jane/.ssh", new FileState(FileState.Kind.OTHER, 0777, 2001, 2001, null));
    host.files.remove("/home/jane/.ssh/authorized_keys");
    Plan p = host.plan(view(jane()), etc, new Managed(Map.of("jane", 2001)));
    assertEquals(List.of(), host.lines(p));
    assertTrue(p.refused().get(0).reason().contains("symlink"));
  }

  @Test
  void planningReadsNoDiskOnlyTheCurrentItIsGiven() {
    // jane's home is under a root that does not exist: only the Current says what is in it
    String home = tmp.resolve("no-such-root").toString() + "/home/jane";
    assertFalse(Files.exists(Path.of(home).getParent().getParent()));
    EtcFiles etc =
        host.with(
            host.debian,
            "jane:x:2001:2001:jane user:" + home + ":/bin/bash",
            "jane:*:20000:0:99999:7:::",
            "jane:x:2001:",
            "ops:x:1001:jane",
            "adm:x:4:jane");
    host.janesFilesInSync(home);
    Managed managed = new Managed(Map.of("jane", 2001));
    assertEquals(List.of(), host.lines(host.plan(view(jane()), etc, managed)));
    host.files.put(
        home + "/.bashrc",
        new FileState(FileState.Kind.FILE, 0666, 2001, 2001, "alias ll='ls -l'\n".getBytes()));
    assertEquals(
        List.of("write " + home + "/.bashrc (0644, 17 bytes; dotfile)"),
        host.lines(host.plan(view(jane()), etc, managed)));
    assertEquals(
        List.of(
            "lock user jane (no longer granted on this host; home kept)",
            "remove " + home + "/.ssh/authorized_keys"),
        host.lines(host.plan(view(), etc, managed)));
    assertFalse(Files.exists(Path.of(home).getParent().getParent()));
  }

  @Test
  void aHomePathTheCurrentLacksFailsInsteadOfReadingAsAbsent() {
    // taken as absent, a revoke would leave jane's keys in place without a word
    EtcFiles etc = host.janeInSync("*", "");
    Current unread = new Current(etc, new Managed(Map.of("jane", 2001)), Map.of());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Planner.plan(view(), unread));
    assertTrue(e.getMessage().contains("/home/jane/.ssh/authorized_keys"), e::getMessage);
  }

  @Test
  void onlyHomesOfUsersForemanManagesAreToBeReadAndOnlyWellFormedDotfiles() {
    EtcFiles etc = host.janeInSync("*", "");
    HostUsers.Account janeWithBadDotfile =
        new HostUsers.Account(
            "jane",
            2001,
            "jane user",
            "/bin/bash",
            List.of(),
            List.of(),
            List.of(dotfile(".bashrc", "0644", "x"), dotfile("../../etc/shadow", "0644", "x")));
    HostUsers want =
        view(
            janeWithBadDotfile,
            account("cloudsdk", 1000, List.of(), List.of(), List.of(dotfile(".x", "0644", "x"))),
            account("amy", 2010, List.of(), List.of(), List.of(dotfile(".x", "0644", "x"))));
    assertEquals(
        Set.of("/home/jane/.ssh", "/home/jane/.ssh/authorized_keys", "/home/jane/.bashrc"),
        HomePaths.of(want, etc, new Managed(Map.of("jane", 2001, "cloudsdk", 1234))));
  }
}
