package io.roller.foreman.plan;

import io.roller.foreman.etc.EtcFiles;
import io.roller.foreman.etc.EtcFiles.Passwd;
import io.roller.model.HostUsers;
import io.roller.model.HostUsers.Account;
import io.roller.model.Names;
import io.roller.model.User;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes a sync plan from the granted users and the host's state read beforehand ({@link
 * Current}). A pure function: it reads no file and starts no process, so --dry-run prints its
 * result and tests assert on it with states built in memory. This class decides who is granted,
 * refused or revoked; {@link Refusals} holds the safety rules, {@link UserSteps} the account steps
 * and {@link HomeSteps} the key and dotfile steps.
 */
public final class Planner {
  private final HostUsers want;
  private final EtcFiles etc;
  private final Managed managed;
  private final Draft draft = new Draft();
  private final UserSteps users;
  private final HomeSteps homes;
  private final Map<Integer, Passwd> byUid = new HashMap<>();
  private final Set<String> frozen = new HashSet<>();
  private final Set<String> seen = new HashSet<>();

  private Planner(HostUsers want, Current current) {
    this.want = want;
    this.etc = current.etc();
    this.managed = current.managed();
    this.users = new UserSteps(etc, draft);
    this.homes = new HomeSteps(current, draft);
    etc.passwd().values().forEach(p -> byUid.putIfAbsent(p.uid(), p));
  }

  /**
   * The plan. Order: groups, then user creations, then other account changes, then files (so the
   * executor learns new users' gids once), then revocations.
   */
  public static Plan plan(HostUsers want, Current current) {
    Planner p = new Planner(want, current);
    p.run();
    return p.draft.plan();
  }

  private void run() {
    freezeSkipped();
    List<Account> accounts = new ArrayList<>(want.users() == null ? List.of() : want.users());
    accounts.removeIf(a -> a == null);
    accounts.sort(Comparator.comparing(a -> String.valueOf(a.login())));
    Set<String> creating = new HashSet<>();
    for (Account a : accounts) {
      if (Refusals.accountProblem(a) == null && !etc.passwd().containsKey(a.login())) {
        creating.add(a.login());
      }
    }
    // A uid granted to two logins cannot tell whose files are whose: neither is created or changed.
    Map<Integer, Set<String>> loginsByUid = new HashMap<>();
    for (Account a : accounts) {
      if (Refusals.accountProblem(a) == null) {
        loginsByUid.computeIfAbsent(a.uid(), k -> new TreeSet<>()).add(a.login());
      }
    }
    for (Account a : accounts) {
      String problem = Refusals.accountProblem(a);
      boolean validLogin = Names.isLogin(a.login());
      // seen: a bad entry for a managed login leaves that user as it is, never locks it
      if (validLogin && !seen.add(a.login()) && problem == null) {
        problem = "login granted twice in one answer; the first entry is used";
      }
      if (problem == null && loginsByUid.get(a.uid()).size() > 1) {
        problem =
            "uid "
                + a.uid()
                + " is granted to more than one login in one answer ("
                + String.join(", ", loginsByUid.get(a.uid()))
                + "); none of them is created or changed";
      }
      if (problem != null) {
        draft.refuse(validLogin ? a.login() : "'" + Refusals.printable(a.login()) + "'", problem);
      } else if (frozen.contains(a.login())) {
        draft.refuse(a.login(), "its repo file did not validate on the server; left as it is");
      } else {
        grant(a, creating);
      }
    }
    revokeOthers();
  }

  /** Users whose repo file the server skipped are frozen: neither changed nor locked. */
  private void freezeSkipped() {
    if (want.skipped() == null) {
      return;
    }
    for (HostUsers.Skipped s : want.skipped()) {
      String[] p = s.file() == null ? new String[0] : s.file().split("/");
      if (p.length >= 2 && p[0].equals("users")) {
        frozen.add(p[1].endsWith(".yml") ? p[1].substring(0, p[1].length() - 4) : p[1]);
      }
    }
  }

  private void grant(Account a, Set<String> creating) {
    Passwd p = etc.passwd().get(a.login());
    String problem =
        p == null
            ? Refusals.createProblem(a, byUid.get(a.uid()), etc)
            : Refusals.updateProblem(a, p, managed);
    if (problem != null) {
      draft.refuse(a.login(), problem);
      return;
    }
    List<String> groups = users.groups(a, creating);
    List<String> keys = homes.keys(a);
    if (p == null) {
      String home = users.create(a, groups);
      homes.writeKeys(a.login(), home, keys, null);
      homes.writeDotfiles(a, home, null);
    } else {
      users.update(a, p, groups);
      homes.writeKeys(a.login(), p.home(), keys, p);
      homes.writeDotfiles(a, p.home(), p);
    }
  }

  /** Users foreman created that this answer does not grant are locked and lose their keys. */
  private void revokeOthers() {
    for (Map.Entry<String, Integer> m : new TreeMap<>(managed.users()).entrySet()) {
      String login = m.getKey();
      if (seen.contains(login)) {
        continue;
      }
      Passwd p = etc.passwd().get(login);
      if (p == null) {
        continue;
      }
      if (frozen.contains(login)) {
        draft.refuse(login, "its repo file did not validate on the server; not locked");
      } else if (p.uid() != m.getValue() || p.uid() < User.MIN_UID) {
        draft.refuse(
            login,
            "has uid "
                + p.uid()
                + " but foreman created it with uid "
                + m.getValue()
                + "; left alone");
      } else {
        users.lock(p);
        homes.removeKeys(p);
      }
    }
  }
}
