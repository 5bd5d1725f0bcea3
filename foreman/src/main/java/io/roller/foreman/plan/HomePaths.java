package io.roller.foreman.plan;

import io.roller.foreman.etc.EtcFiles;
import io.roller.foreman.etc.EtcFiles.Passwd;
import io.roller.model.HostUsers;
import io.roller.model.HostUsers.Account;
import io.roller.model.User;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The home paths a plan may look at, so a reader can fetch their states before planning: ~/.ssh and
 * ~/.ssh/authorized_keys of each user foreman manages that exists here with its uid, and each
 * well-formed dotfile path granted to such a user. It sits next to the planner so the two cannot
 * drift apart unseen ({@link Current#home} fails on a path missing here). Homes of users foreman
 * did not create, and of system accounts, are never read.
 */
public final class HomePaths {
  private HomePaths() {}

  /** The absolute host paths to read, sorted. */
  public static Set<String> of(HostUsers want, EtcFiles etc, Managed managed) {
    // the first entry of a login granted twice is the one planned
    Map<String, Account> granted = new HashMap<>();
    for (Account a : want.users() == null ? List.<Account>of() : want.users()) {
      if (a != null && a.login() != null) {
        granted.putIfAbsent(a.login(), a);
      }
    }
    Set<String> out = new TreeSet<>();
    for (String login : managed.users().keySet()) {
      Passwd p = etc.passwd().get(login);
      if (p == null || !managed.manages(login, p.uid()) || p.uid() < User.MIN_UID) {
        continue;
      }
      out.add(p.home() + "/.ssh");
      out.add(p.home() + "/.ssh/authorized_keys");
      Account a = granted.get(login);
      for (HostUsers.Dotfile d :
          a == null || a.dotfiles() == null ? List.<HostUsers.Dotfile>of() : a.dotfiles()) {
        if (d != null && Refusals.dotfileProblem(d) == null) {
          out.add(p.home() + "/" + d.path());
        }
      }
    }
    return out;
  }
}
