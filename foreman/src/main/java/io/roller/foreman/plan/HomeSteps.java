package io.roller.foreman.plan;

import io.roller.foreman.etc.EtcFiles.Passwd;
import io.roller.model.HostUsers;
import io.roller.model.HostUsers.Account;
import io.roller.model.User;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The files half of a plan: ~/.ssh/authorized_keys and dotfiles, compared with the home states in
 * {@link Current} so a file already right is not written again. Homes belong to their users, who
 * may plant symlinks: a path that is one (or a directory where a file belongs) is refused, never
 * written through.
 */
final class HomeSteps {
  static final int KEYS_MODE = 0600;
  static final int SSH_DIR_MODE = 0700;

  private final Current current;
  private final Draft draft;

  HomeSteps(Current current, Draft draft) {
    this.current = current;
    this.draft = draft;
  }

  /** The account's keys that parse, trimmed; the others are refused one by one. */
  List<String> keys(Account a) {
    List<String> out = new ArrayList<>();
    List<String> keys = a.sshKeys() == null ? List.of() : a.sshKeys();
    for (int i = 0; i < keys.size(); i++) {
      String problem = User.sshKeyProblem(keys.get(i));
      if (problem != null) {
        draft.refuse(a.login(), "ssh key " + (i + 1) + " left out: " + problem);
      } else {
        out.add(keys.get(i).trim());
      }
    }
    return out;
  }

  /** owner null: a user created by this plan, whose files are all new. */
  void writeKeys(String login, String home, List<String> keys, Passwd owner) {
    StringBuilder sb = new StringBuilder();
    keys.forEach(k -> sb.append(k).append('\n'));
    byte[] content = sb.toString().getBytes(StandardCharsets.UTF_8);
    String dir = home + "/.ssh";
    String path = dir + "/authorized_keys";
    if (owner == null) {
      draft.files.add(
          new Step.WriteFile(login, path, KEYS_MODE, content, true, keys.size() + " keys"));
      return;
    }
    FileState d = current.home(dir);
    FileState f = current.home(path);
    if (d.kind() == FileState.Kind.OTHER
        || f.kind() == FileState.Kind.OTHER
        || f.kind() == FileState.Kind.DIRECTORY) {
      draft.refuse(
          login,
          dir + " or its authorized_keys is a symlink or not a regular file; keys not written");
    } else if (!f.isFile(content, KEYS_MODE, owner.uid(), owner.gid())
        || !d.isDirectory(SSH_DIR_MODE, owner.uid(), owner.gid())) {
      draft.files.add(
          new Step.WriteFile(login, path, KEYS_MODE, content, true, keys.size() + " keys"));
    }
  }

  /** owner null: a user created by this plan, whose files are all new. */
  void writeDotfiles(Account a, String home, Passwd owner) {
    for (HostUsers.Dotfile d : a.dotfiles() == null ? List.<HostUsers.Dotfile>of() : a.dotfiles()) {
      String problem = Refusals.dotfileProblem(d);
      if (problem != null) {
        draft.refuse(
            a.login(), "dotfile '" + Refusals.printable(d.path()) + "' left out: " + problem);
        continue;
      }
      int mode = Integer.parseInt(d.mode(), 8);
      byte[] content = Base64.getDecoder().decode(d.contentBase64());
      String path = home + "/" + d.path();
      FileState f = owner == null ? FileState.ABSENT : current.home(path);
      if (f.kind() == FileState.Kind.OTHER || f.kind() == FileState.Kind.DIRECTORY) {
        draft.refuse(a.login(), path + " is a symlink or not a regular file; dotfile not written");
      } else if (owner == null || !f.isFile(content, mode, owner.uid(), owner.gid())) {
        draft.files.add(new Step.WriteFile(a.login(), path, mode, content, false, "dotfile"));
      }
    }
  }

  /** A revoked user loses authorized_keys; only from a real ~/.ssh, never through a symlink. */
  void removeKeys(Passwd p) {
    String dir = p.home() + "/.ssh";
    String keys = dir + "/authorized_keys";
    if (current.home(keys).kind() != FileState.Kind.ABSENT) {
      if (current.home(dir).kind() != FileState.Kind.DIRECTORY) {
        draft.refuse(
            p.login(),
            dir
                + " is not a directory; "
                + keys
                + " not removed (the account is locked and expired)");
      } else {
        draft.revokes.add(new Step.RemoveFile(p.login(), keys));
      }
    }
  }
}
