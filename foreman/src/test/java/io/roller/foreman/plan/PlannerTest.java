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

import io.roller.foreman.Fixtures;
import io.roller.foreman.etc.EtcFiles;
import io.roller.model.HostUsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner on host states built in memory: no home is read, no process started. */
class PlannerTest {
  @TempDir Path tmp;
  EtcFiles debian;
  final Map<String, FileState> files = new HashMap<>();

  @BeforeEach
  void readDebianEtc() throws IOException {
    debian = EtcFiles.read(Fixtures.debianRoot(tmp));
  }

  /**
   * Plans against a Current built in memory, as a reader of the home tree in files would see it:
   * each path HomePaths lists, absent unless files says otherwise.
   */
  private Plan plan(HostUsers want, EtcFiles etc, Managed managed) {
    return Planner.plan(want, current(want, etc, managed));
  }

  private Current current(HostUsers want, EtcFiles etc, Managed managed) {
    Map<String, FileState> homes = new HashMap<>();
    for (String path : HomePaths.of(want, etc, managed)) {
      homes.put(path, files.getOrDefault(path, FileState.ABSENT));
    }
    return new Current(etc, managed, homes);
  }

  private static List<String> lines(Plan p) {
    List<String> out = new ArrayList<>();
    p.steps().forEach(s -> out.add(s.describe()));
    return out;
  }

  private static EtcFiles with(
      EtcFiles etc, String passwdLine, String shadowLine, String... groupLines) {
    Map<String, EtcFiles.Passwd> passwd = new HashMap<>(etc.passwd());
    Map<String, EtcFiles.Group> groups = new HashMap<>(etc.groups());
    Map<String, EtcFiles.Shadow> shadow = new HashMap<>(etc.shadow());
    String[] f = passwdLine.split(":", -1);
    passwd.put(
        f[0],
        new EtcFiles.Passwd(
            f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4], f[5], f[6]));
    String[] s = shadowLine.split(":", -1);
    shadow.put(s[0], new EtcFiles.Shadow(s[0], s[1], s[7]));
    for (String g : groupLines) {
      String[] gf = g.split(":", -1);
      groups.put(
          gf[0],
          new EtcFiles.Group(
              gf[0],
              Integer.parseInt(gf[2]),
              gf[3].isEmpty() ? List.of() : List.of(gf[3].split(","))));
    }
    return new EtcFiles(passwd, groups, shadow);
  }

  /**
   * jane as a sync leaves her: in passwd, private group, ops and adm, keys and dotfiles in place.
   */
  private EtcFiles janeInSync(String shadowPassword, String expire) {
    EtcFiles etc =
        with(
            debian,
            "jane:x:2001:2001:jane user:/home/jane:/bin/bash",
            "jane:" + shadowPassword + ":20000:0:99999:7::" + expire + ":",
            "jane:x:2001:",
            "ops:x:1001:jane",
            "adm:x:4:jane");
    janesFilesInSync("/home/jane");
    return etc;
  }

  /** jane's keys and dotfiles as a sync leaves them in home. */
  private void janesFilesInSync(String home) {
    files.put(home + "/.ssh", new FileState(FileState.Kind.DIRECTORY, 0700, 2001, 2001, null));
    files.put(
        home + "/.ssh/authorized_keys",
        new FileState(
            FileState.Kind.FILE,
            0600,
            2001,
            2001,
            (key("jane") + "\n").getBytes(StandardCharsets.UTF_8)));
    files.put(
        home + "/.bashrc",
        new FileState(FileState.Kind.FILE, 0644, 2001, 2001, "alias ll='ls -l'\n".getBytes()));
    files.put(
        home + "/.config/git/config",
        new FileState(FileState.Kind.FILE, 0600, 2001, 2001, "[user]\n".getBytes()));
  }

  @Test
  void grantOnAFreshDebianHostCreatesTheGroupTheUserHerKeysAndDotfiles() {
    Plan p = plan(view(jane()), debian, Managed.EMPTY);
    assertEquals(
        List.of(
            "create group ops",
            "create user jane (uid 2001, shell /bin/bash, home /home/jane, groups ops,adm)",
            "write /home/jane/.ssh/authorized_keys (0600, "
                + (key("jane").length() + 1)
                + " bytes; 1 keys)",
            "write /home/jane/.bashrc (0644, 17 bytes; dotfile)",
            "write /home/jane/.config/git/config (0600, 7 bytes; dotfile)"),
        lines(p));
    assertEquals(List.of(), p.refused());
  }

  @Test
  void aUserInSyncPlansNothing() {
    Plan p = plan(view(jane()), janeInSync("*", ""), new Managed(Map.of("jane", 2001)));
    assertEquals(List.of(), lines(p));
    assertEquals(List.of(), p.refused());
  }

  @Test
  void changedShellCommentGroupsKeysAndModesAreUpdated() {
    EtcFiles etc = janeInSync("*", "");
    files.put(
        "/home/jane/.bashrc",
        new FileState(FileState.Kind.FILE, 0666, 2001, 2001, "alias ll='ls -l'\n".getBytes()));
    HostUsers.Account changed =
        new HostUsers.Account(
            "jane",
            2001,
            "Jane D",
            "/bin/zsh",
            List.of("ops"),
            List.of(key("jane"), key("jane2")),
            jane().dotfiles());
    Plan p = plan(view(changed), etc, new Managed(Map.of("jane", 2001)));
    assertEquals(
        List.of(
            "update user jane: comment 'jane user' -> 'Jane D'; shell /bin/bash -> /bin/zsh; groups adm,ops -> ops",
            "write /home/jane/.ssh/authorized_keys (0600, "
                + (key("jane").length() + key("jane2").length() + 2)
                + " bytes; 2 keys)",
            "write /home/jane/.bashrc (0644, 17 bytes; dotfile)"),
        lines(p));
  }

  @Test
  void aLocalUserWithTheSameLoginIsLeftAlone() {
    Plan p =
        plan(
            view(account("cloudsdk", 1000, List.of(), List.of(key("x")), List.of())),
            debian,
            Managed.EMPTY);
    assertEquals(List.of(), lines(p));
    assertEquals(
        List.of(
            new Plan.Refusal("cloudsdk", "exists here but was not created by foreman; left alone")),
        p.refused());
  }

  @Test
  void rootAndSystemUidsAreRefusedWhateverTheServerSays() {
    Plan p =
        plan(
            view(
                account("root", 2005, List.of(), List.of(), List.of()),
                account("toor", 0, List.of(), List.of(), List.of()),
                account("sys999", 999, List.of(), List.of(), List.of()),
                account("messagebus", 1500, List.of(), List.of(), List.of())),
            debian,
            new Managed(Map.of("messagebus", 100)));
    assertEquals(List.of(), lines(p));
    assertEquals(
        List.of(
            "refusing messagebus: exists here as a system account (uid 100); left alone",
            "refusing root: root is never managed",
            "refusing sys999: uid 999 is below 1000: system accounts are never managed",
            "refusing toor: root is never managed"),
        p.refused().stream().map(Object::toString).toList());
  }

  @Test
  void hostileNamesAreRefusedAndShownEscaped() {
    Plan p =
        plan(
            view(
                account("../etc", 2001, List.of(), List.of(), List.of()),
                account("a;rm -rf /", 2002, List.of(), List.of(), List.of()),
                account("evil\nroot", 2003, List.of(), List.of(), List.of()),
                account("ok", 2004, List.of("wheel;x", "root"), List.of(), List.of())),
            debian,
            Managed.EMPTY);
    assertEquals(
        List.of(
            "create user ok (uid 2004, shell /bin/bash, home /home/ok)",
            "write /home/ok/.ssh/authorized_keys (0600, 0 bytes; 0 keys)"),
        lines(p));
    List<String> refused = p.refused().stream().map(Object::toString).toList();
    assertTrue(
        refused.contains("refusing '../etc': not a valid login (want [a-z_][a-z0-9_-]{0,31})"),
        refused::toString);
    assertTrue(
        refused.contains(
            "refusing 'evil\\x0aroot': not a valid login (want [a-z_][a-z0-9_-]{0,31})"),
        refused::toString);
    assertTrue(
        refused.contains("refusing ok: group 'wheel;x' is not a valid group name; left out"),
        refused::toString);
    assertTrue(
        refused.contains("refusing ok: group 'root' has gid 0; left out"), refused::toString);
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
    Plan p = plan(view(a), debian, Managed.EMPTY);
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
    Plan p = plan(view(a), debian, Managed.EMPTY);
    assertEquals(
        List.of(
            "create user jane (uid 2001, shell /bin/bash, home /home/jane)",
            "write /home/jane/.ssh/authorized_keys (0600, 0 bytes; 0 keys)",
            "write /home/jane/.ok (0640, 2 bytes; dotfile)"),
        lines(p));
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
  void aUserNoLongerGrantedIsLockedAndLosesHerKeysButKeepsHerHome() {
    EtcFiles etc = janeInSync("*", "");
    Plan p = plan(view(), etc, new Managed(Map.of("jane", 2001)));
    assertEquals(
        List.of(
            "lock user jane (no longer granted on this host; home kept)",
            "remove /home/jane/.ssh/authorized_keys"),
        lines(p));
  }

  @Test
  void aLockedUserGrantedAgainIsUnlockedWithHerUid() {
    EtcFiles etc = janeInSync("!*", "1");
    files.remove("/home/jane/.ssh/authorized_keys"); // removed by the revoke
    Plan p = plan(view(jane()), etc, new Managed(Map.of("jane", 2001)));
    assertEquals("unlock user jane (granted again)", p.steps().get(0).describe());
    assertEquals(new Step.UnlockUser("jane", false), p.steps().get(0));
    assertTrue(
        lines(p)
            .contains(
                "write /home/jane/.ssh/authorized_keys (0600, "
                    + (key("jane").length() + 1)
                    + " bytes; 1 keys)"));
  }

  @Test
  void aLockedUserStaysLockedWithoutAnotherStep() {
    EtcFiles etc = janeInSync("!*", "1");
    files.remove("/home/jane/.ssh/authorized_keys");
    assertEquals(List.of(), lines(plan(view(), etc, new Managed(Map.of("jane", 2001)))));
  }

  @Test
  void aUidChangeInTheRepoIsNotAppliedToAnExistingUser() {
    HostUsers.Account renumbered =
        new HostUsers.Account(
            "jane",
            2999,
            "jane user",
            "/bin/bash",
            List.of("ops", "adm"),
            List.of(key("jane")),
            jane().dotfiles());
    Plan p = plan(view(renumbered), janeInSync("*", ""), new Managed(Map.of("jane", 2001)));
    assertEquals(List.of(), lines(p));
    assertTrue(p.refused().get(0).reason().contains("never renumbers"));
  }

  @Test
  void aLoginGrantedTwiceIsTakenOnce() {
    Plan p =
        plan(
            view(
                account("amy", 2010, List.of(), List.of(), List.of()),
                account("amy", 2011, List.of(), List.of(), List.of())),
            debian,
            Managed.EMPTY);
    assertEquals(
        List.of(
            "create user amy (uid 2010, shell /bin/bash, home /home/amy)",
            "write /home/amy/.ssh/authorized_keys (0600, 0 bytes; 0 keys)"),
        lines(p));
    assertEquals(
        List.of("refusing amy: login granted twice in one answer; the first entry is used"),
        p.refused().stream().map(Object::toString).toList());
  }

  @Test
  void twoLoginsGrantedOneUidAreBothRefusedWhicheverComesFirst() {
    for (List<String> order : List.of(List.of("zed", "bea"), List.of("bea", "zed"))) {
      Plan p =
          plan(
              view(
                  account(order.get(0), 2010, List.of(), List.of(), List.of()),
                  account(order.get(1), 2010, List.of(), List.of(), List.of())),
              debian,
              Managed.EMPTY);
      assertEquals(List.of(), lines(p), order.toString());
      String why =
          ": uid 2010 is granted to more than one login in one answer (bea, zed); none of them is"
              + " created or changed";
      assertEquals(
          List.of("refusing bea" + why, "refusing zed" + why),
          p.refused().stream().map(Object::toString).toList());
    }
  }

  @Test
  void aTabOrAnyControlCharacterInAKeyCommentIsRefused() {
    Plan p =
        plan(
            view(
                account(
                    "jane",
                    2001,
                    List.of(),
                    List.of(key("jane") + "\tx", key("jane") + "\u007f", key("jane")),
                    List.of())),
            debian,
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
  void aNewUserWhoseUidIsTakenIsNotCreated() {
    Plan p =
        plan(view(account("newbie", 1000, List.of(), List.of(), List.of())), debian, Managed.EMPTY);
    assertEquals(List.of(), lines(p));
    assertEquals(
        "uid 1000 already belongs to user 'cloudsdk'; not created", p.refused().get(0).reason());
  }

  @Test
  void aUserWhoseRepoFileFailedIsNeitherChangedNorLocked() {
    HostUsers want =
        new HostUsers(
            "web01.nyc1",
            "abc",
            List.of(),
            List.of(
                new HostUsers.Skipped("users/jane.yml", 3, "shell '/bin/evil' is not allowed")));
    Plan p = plan(want, janeInSync("*", ""), new Managed(Map.of("jane", 2001)));
    assertEquals(List.of(), lines(p));
    assertEquals(
        "refusing jane: its repo file did not validate on the server; not locked",
        p.refused().get(0).toString());
  }

  @Test
  void aGroupThatIsAnotherNewUsersPrivateGroupIsJoinedOnceThatUserExists() {
    Plan p =
        plan(
            view(
                account("amy", 2010, List.of("bob"), List.of(), List.of()),
                account("bob", 2011, List.of(), List.of(), List.of())),
            debian,
            Managed.EMPTY);
    assertEquals(
        List.of(
            "create user amy (uid 2010, shell /bin/bash, home /home/amy)",
            "create user bob (uid 2011, shell /bin/bash, home /home/bob)",
            "update user amy: groups bob"),
        lines(p).subList(0, 3));
  }

  @Test
  void aSymlinkedSshDirectoryIsNeverWrittenThrough() {
    EtcFiles etc = janeInSync("*", "");
    files.put("/home/jane/.ssh", new FileState(FileState.Kind.OTHER, 0777, 2001, 2001, null));
    files.remove("/home/jane/.ssh/authorized_keys");
    Plan p = plan(view(jane()), etc, new Managed(Map.of("jane", 2001)));
    assertEquals(List.of(), lines(p));
    assertTrue(p.refused().get(0).reason().contains("symlink"));
  }

  @Test
  void planningReadsNoDiskOnlyTheCurrentItIsGiven() {
    // jane's home is under a root that does not exist: only the Current says what is in it
    String home = tmp.resolve("no-such-root").toString() + "/home/jane";
    assertFalse(Files.exists(Path.of(home).getParent().getParent()));
    EtcFiles etc =
        with(
            debian,
            "jane:x:2001:2001:jane user:" + home + ":/bin/bash",
            "jane:*:20000:0:99999:7:::",
            "jane:x:2001:",
            "ops:x:1001:jane",
            "adm:x:4:jane");
    janesFilesInSync(home);
    Managed managed = new Managed(Map.of("jane", 2001));
    assertEquals(List.of(), lines(plan(view(jane()), etc, managed)));
    files.put(
        home + "/.bashrc",
        new FileState(FileState.Kind.FILE, 0666, 2001, 2001, "alias ll='ls -l'\n".getBytes()));
    assertEquals(
        List.of("write " + home + "/.bashrc (0644, 17 bytes; dotfile)"),
        lines(plan(view(jane()), etc, managed)));
    assertEquals(
        List.of(
            "lock user jane (no longer granted on this host; home kept)",
            "remove " + home + "/.ssh/authorized_keys"),
        lines(plan(view(), etc, managed)));
    assertFalse(Files.exists(Path.of(home).getParent().getParent()));
  }

  @Test
  void aHomePathTheCurrentLacksFailsInsteadOfReadingAsAbsent() {
    // taken as absent, a revoke would leave jane's keys in place without a word
    EtcFiles etc = janeInSync("*", "");
    Current unread = new Current(etc, new Managed(Map.of("jane", 2001)), Map.of());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Planner.plan(view(), unread));
    assertTrue(e.getMessage().contains("/home/jane/.ssh/authorized_keys"), e::getMessage);
  }

  @Test
  void onlyHomesOfUsersForemanManagesAreToBeReadAndOnlyWellFormedDotfiles() {
    EtcFiles etc = janeInSync("*", "");
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
