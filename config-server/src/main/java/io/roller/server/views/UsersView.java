package io.roller.server.views;

import io.roller.model.ConfigRepo;
import io.roller.model.Host;
import io.roller.model.HostUsers;
import io.roller.model.RepoFile;
import io.roller.model.User;
import io.roller.model.ValidationException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** How the users view of a host is made from one commit's config. */
final class UsersView {
  private UsersView() {}

  /**
   * The users foreman must true up on a host that exists. A host whose own file parsed gets its
   * grants even when its hostclass or colo does not validate: accounts should not vanish over an
   * unrelated typo.
   */
  static HostUsers of(ConfigRepo repo, String hostname, String revision) {
    Host host = repo.hosts().get(hostname);
    if (host == null) {
      throw repo.hostErrors().get(hostname);
    }
    List<HostUsers.Account> accounts = new ArrayList<>();
    for (ConfigRepo.Grant g : repo.grants(host)) {
      User u = g.user();
      List<HostUsers.Dotfile> dots = new ArrayList<>();
      for (RepoFile.DotFile d : g.dotfiles()) {
        dots.add(
            new HostUsers.Dotfile(
                d.homePath(),
                d.executable() ? "0755" : "0644",
                Base64.getEncoder().encodeToString(d.content())));
      }
      accounts.add(
          new HostUsers.Account(
              u.login(), u.uid(), u.comment(), u.shell(), u.groups(), u.sshKeys(), dots));
    }
    List<HostUsers.Skipped> skipped = new ArrayList<>();
    for (ValidationException e : repo.userErrors()) {
      String why = e.key() == null ? e.reason() : "key '" + e.key() + "': " + e.reason();
      skipped.add(new HostUsers.Skipped(e.file(), e.line(), why));
    }
    return new HostUsers(hostname, revision, List.copyOf(accounts), List.copyOf(skipped));
  }
}
