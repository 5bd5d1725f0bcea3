package io.roller.foreman.plan;

import io.roller.foreman.etc.EtcFiles;
import io.roller.foreman.etc.EtcFiles.Passwd;
import io.roller.foreman.etc.EtcFiles.Shadow;
import io.roller.model.HostUsers.Account;
import io.roller.model.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The account half of a plan, from passwd, group and shadow alone: groupadd for missing groups,
 * useradd for new users, usermod for what differs, unlock on a new grant and lock on a revoke.
 */
final class UserSteps {
  private final EtcFiles etc;
  private final Draft draft;
  private final Map<String, Set<String>> memberOf = new HashMap<>();
  private final Set<String> plannedGroups = new HashSet<>();

  UserSteps(EtcFiles etc, Draft draft) {
    this.etc = etc;
    this.draft = draft;
    // login -> supplementary groups, once: asking every group about every user is quadratic
    etc.groups()
        .values()
        .forEach(
            g ->
                g.members()
                    .forEach(m -> memberOf.computeIfAbsent(m, k -> new TreeSet<>()).add(g.name())));
  }

  /**
   * The account's groups that can be granted, planning groupadd for missing ones; creating are the
   * users this plan makes, whose private groups useradd makes.
   */
  List<String> groups(Account a, Set<String> creating) {
    List<String> out = new ArrayList<>();
    for (String g : a.groups() == null ? List.<String>of() : a.groups()) {
      EtcFiles.Group existing = etc.groups().get(g);
      if (!Names.isLogin(g)) {
        draft.refuse(
            a.login(), "group '" + Refusals.printable(g) + "' is not a valid group name; left out");
      } else if (g.equals("root") || (existing != null && existing.gid() == 0)) {
        draft.refuse(a.login(), "group '" + g + "' has gid 0; left out");
      } else if (!out.contains(g)) {
        out.add(g);
        if (existing == null && !creating.contains(g) && plannedGroups.add(g)) {
          draft.groups.add(new Step.CreateGroup(g));
        }
      }
    }
    return out;
  }

  /** Plans useradd; returns the new user's home. */
  String create(Account a, List<String> groups) {
    // Groups that are other new users' private groups exist only once those users are made.
    List<String> now =
        groups.stream()
            .filter(g -> etc.groups().containsKey(g) || plannedGroups.contains(g))
            .toList();
    String home = "/home/" + a.login();
    draft.users.add(new Step.CreateUser(a.login(), a.uid(), comment(a), a.shell(), home, now));
    if (!now.equals(groups)) {
      draft.laterUsers.add(
          new Step.ModifyUser(a.login(), null, null, groups, "groups " + String.join(",", groups)));
    }
    return home;
  }

  /** Plans usermod for what differs from p, and the unlock of a user granted again. */
  void update(Account a, Passwd p, List<String> groups) {
    modify(a, p, groups);
    Shadow s = etc.shadow().get(a.login());
    if (s != null && s.locked()) {
      draft.laterUsers.add(new Step.UnlockUser(a.login(), s.password().equals("!")));
    }
  }

  private void modify(Account a, Passwd p, List<String> groups) {
    List<String> why = new ArrayList<>();
    String comment = null;
    String shell = null;
    List<String> newGroups = null;
    if (!comment(a).equals(p.comment())) {
      comment = comment(a);
      why.add("comment '" + p.comment() + "' -> '" + comment + "'");
    }
    if (!a.shell().equals(p.shell())) {
      shell = a.shell();
      why.add("shell " + p.shell() + " -> " + shell);
    }
    Set<String> current = memberOf.getOrDefault(a.login(), Set.of());
    if (!current.equals(new TreeSet<>(groups))) {
      newGroups = groups;
      why.add("groups " + String.join(",", current) + " -> " + String.join(",", groups));
    }
    if (!why.isEmpty()) {
      draft.laterUsers.add(
          new Step.ModifyUser(a.login(), comment, shell, newGroups, String.join("; ", why)));
    }
  }

  /** Plans the lock of a revoked user unless shadow shows it locked and expired already. */
  void lock(Passwd p) {
    Shadow s = etc.shadow().get(p.login());
    if (s == null || !s.password().startsWith("!") || !s.expire().equals("1")) {
      draft.revokes.add(new Step.LockUser(p.login()));
    }
  }

  private static String comment(Account a) {
    return a.comment() == null ? "" : a.comment();
  }
}
