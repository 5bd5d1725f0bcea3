package io.roller.foreman.plan;

import static io.roller.foreman.Fixtures.account;
import static io.roller.foreman.Fixtures.jane;
import static io.roller.foreman.Fixtures.key;
import static io.roller.foreman.Fixtures.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.foreman.etc.EtcFiles;
import io.roller.model.HostUsers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who is granted, refused or revoked, and the account steps, on host states built in memory: no
 * home is read, no process started.
 */
class PlannerTest {
  @TempDir Path tmp;
  TestHost host;

  @BeforeEach
  void debianHost() throws IOException {
    host = new TestHost(tmp);
  }

  @Test
  void grantOnAFreshDebianHostCreatesTheGroupTheUserHerKeysAndDotfiles() {
    Plan p = host.plan(view(jane()), host.debian, Managed.EMPTY);
    assertEquals(
        List.of(
            "create group ops",
            "create user jane (uid 2001, shell /bin/bash, home /home/jane, groups ops,adm)",
            "write /home/jane/.ssh/authorized_keys (0600, "
                + (key("jane").length() + 1)
                + " bytes; 1 keys)",
            "write /home/jane/.bashrc (0644, 17 bytes; dotfile)",
            "write /home/jane/.config/git/config (0600, 7 bytes; dotfile)"),
        host.lines(p));
    assertEquals(List.of(), p.refused());
  }

  @Test
  void aUserInSyncPlansNothing() {
    Plan p = host.plan(view(jane()), host.janeInSync("*", ""), new Managed(Map.of("jane", 2001)));
    assertEquals(List.of(), host.lines(p));
    assertEquals(List.of(), p.refused());
  }

  @Test
  void changedShellCommentGroupsKeysAndModesAreUpdated() {
    EtcFiles etc = host.janeInSync("*", "");
    host.files.put(
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
    Plan p = host.plan(view(changed), etc, new Managed(Map.of("jane", 2001)));
    assertEquals(
        List.of(
            "update user jane: comment 'jane user' -> 'Jane D'; shell /bin/bash -> /bin/zsh; groups adm,ops -> ops",
            "write /home/jane/.ssh/authorized_keys (0600, "
                + (key("jane").length() + key("jane2").length() + 2)
                + " bytes; 2 keys)",
            "write /home/jane/.bashrc (0644, 17 bytes; dotfile)"),
        host.lines(p));
  }

  @Test
  void aLocalUserWithTheSameLoginIsLeftAlone() {
    Plan p =
        host.plan(
            view(account("cloudsdk", 1000, List.of(), List.of(key("x")), List.of())),
            host.debian,
            Managed.EMPTY);
    assertEquals(List.of(), host.lines(p));
    assertEquals(
        List.of(
            new Plan.Refusal("cloudsdk", "exists here but was not created by foreman; left alone")),
        p.refused());
  }

  @Test
  void rootAndSystemUidsAreRefusedWhateverTheServerSays() {
    Plan p =
        host.plan(
            view(
                account("root", 2005, List.of(), List.of(), List.of()),
                account("toor", 0, List.of(), List.of(), List.of()),
                account("sys999", 999, List.of(), List.of(), List.of()),
                account("messagebus", 1500, List.of(), List.of(), List.of())),
            host.debian,
            new Managed(Map.of("messagebus", 100)));
    assertEquals(List.of(), host.lines(p));
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
        host.plan(
            view(
                account("../etc", 2001, List.of(), List.of(), List.of()),
                account("a;rm -rf /", 2002, List.of(), List.of(), List.of()),
                account("evil\nroot", 2003, List.of(), List.of(), List.of()),
                account("ok", 2004, List.of("wheel;x", "root"), List.of(), List.of())),
            host.debian,
            Managed.EMPTY);
    assertEquals(
        List.of(
            "create user ok (uid 2004, shell /bin/bash, home /home/ok)",
            "write /home/ok/.ssh/authorized_keys (0600, 0 bytes; 0 keys)"),
        host.lines(p));
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
  void aUserNoLongerGrantedIsLockedAndLosesHerKeysButKeepsHerHome() {
    EtcFiles etc = host.janeInSync("*", "");
    Plan p = host.plan(view(), etc, new Managed(Map.of("jane", 2001)));
    assertEquals(
        List.of(
            "lock user jane (no longer granted on this host; home kept)",
            "remove /home/jane/.ssh/authorized_keys"),
        host.lines(p));
  }

  @Test
  void aLockedUserGrantedAgainIsUnlockedWithHerUid() {
    EtcFiles etc = host.janeInSync("!*", "1");
    host.files.remove("/home/jane/.ssh/authorized_keys"); // removed by the revoke
    Plan p = host.plan(view(jane()), etc, new Managed(Map.of("jane", 2001)));
    assertEquals("unlock user jane (granted again)", p.steps().get(0).describe());
    assertEquals(new Step.UnlockUser("jane", false), p.steps().get(0));
    assertTrue(
        host.lines(p)
            .contains(
                "write /home/jane/.ssh/authorized_keys (0600, "
                    + (key("jane").length() + 1)
                    + " bytes; 1 keys)"));
  }

  @Test
  void aLockedUserStaysLockedWithoutAnotherStep() {
    EtcFiles etc = host.janeInSync("!*", "1");
    host.files.remove("/home/jane/.ssh/authorized_keys");
    assertEquals(List.of(), host.lines(host.plan(view(), etc, new Managed(Map.of("jane", 2001)))));
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
    Plan p =
        host.plan(view(renumbered), host.janeInSync("*", ""), new Managed(Map.of("jane", 2001)));
    assertEquals(List.of(), host.lines(p));
    assertTrue(p.refused().get(0).reason().contains("never renumbers"));
  }

  @Test
  void aLoginGrantedTwiceIsTakenOnce() {
    Plan p =
        host.plan(
            view(
                account("amy", 2010, List.of(), List.of(), List.of()),
                account("amy", 2011, List.of(), List.of(), List.of())),
            host.debian,
            Managed.EMPTY);
    assertEquals(
        List.of(
            "create user amy (uid 2010, shell /bin/bash, home /home/amy)",
            "write /home/amy/.ssh/authorized_keys (0600, 0 bytes; 0 keys)"),
        host.lines(p));
    assertEquals(
        List.of("refusing amy: login granted twice in one answer; the first entry is used"),
        p.refused().stream().map(Object::toString).toList());
  }

  @Test
  void twoLoginsGrantedOneUidAreBothRefusedWhicheverComesFirst() {
    for (List<String> order : List.of(List.of("zed", "bea"), List.of("bea", "zed"))) {
      Plan p =
          host.plan(
              view(
                  account(order.get(0), 2010, List.of(), List.of(), List.of()),
                  account(order.get(1), 2010, List.of(), List.of(), List.of())),
              host.debian,
              Managed.EMPTY);
      assertEquals(List.of(), host.lines(p), order.toString());
      String why =
          ": uid 2010 is granted to more than one login in one answer (bea, zed); none of them is"
              + " created or changed";
      assertEquals(
          List.of("refusing bea" + why, "refusing zed" + why),
          p.refused().stream().map(Object::toString).toList());
    }
  }

  @Test
  void aNewUserWhoseUidIsTakenIsNotCreated() {
    Plan p =
        host.plan(
            view(account("newbie", 1000, List.of(), List.of(), List.of())),
            host.debian,
            Managed.EMPTY);
    assertEquals(List.of(), host.lines(p));
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
    Plan p = host.plan(want, host.janeInSync("*", ""), new Managed(Map.of("jane", 2001)));
    assertEquals(List.of(), host.lines(p));
    assertEquals(
        "refusing jane: its repo file did not validate on the server; not locked",
        p.refused().get(0).toString());
  }

  @Test
  void aGroupThatIsAnotherNewUsersPrivateGroupIsJoinedOnceThatUserExists() {
    Plan p =
        host.plan(
            view(
                account("amy", 2010, List.of("bob"), List.of(), List.of()),
                account("bob", 2011, List.of(), List.of(), List.of())),
            host.debian,
            Managed.EMPTY);
    assertEquals(
        List.of(
            "create user amy (uid 2010, shell /bin/bash, home /home/amy)",
            "create user bob (uid 2011, shell /bin/bash, home /home/bob)",
            "update user amy: groups bob"),
        host.lines(p).subList(0, 3));
  }
}
