package io.roller.foreman.plan;

import io.roller.foreman.etc.EtcFiles;
import io.roller.foreman.etc.EtcFiles.Passwd;
import io.roller.model.HostUsers;
import io.roller.model.HostUsers.Account;
import io.roller.model.Names;
import io.roller.model.User;
import java.util.Base64;

/**
 * What foreman never does whatever the server says, as pure checks that return the reason shown on
 * stderr, or null. Kept apart from the steps so the safety rules read in one place.
 */
final class Refusals {
  private Refusals() {}

  /** Why foreman refuses this account whatever the host holds, or null. */
  static String accountProblem(Account a) {
    if (!Names.isLogin(a.login())) {
      return "not a valid login (want [a-z_][a-z0-9_-]{0,31})";
    }
    if (a.login().equals("root") || a.uid() == 0) {
      return "root is never managed";
    }
    if (a.uid() < User.MIN_UID) {
      return "uid " + a.uid() + " is below " + User.MIN_UID + ": system accounts are never managed";
    }
    if (a.uid() > User.MAX_UID) {
      return "uid " + a.uid() + " is above " + User.MAX_UID;
    }
    if (a.shell() == null || !User.SHELLS.contains(a.shell())) {
      return "shell '" + printable(a.shell()) + "' is not an allowed shell";
    }
    String c = a.comment() == null ? "" : a.comment();
    if (c.chars().anyMatch(ch -> ch == ':' || ch < 0x20 || ch == 0x7f)) {
      return "comment holds ':' or a control character";
    }
    return null;
  }

  /**
   * Why a user missing here is not created; holder is the user that has its uid already, if any.
   */
  static String createProblem(Account a, Passwd holder, EtcFiles etc) {
    if (holder != null) {
      return "uid " + a.uid() + " already belongs to user '" + holder.login() + "'; not created";
    }
    if (etc.groups().containsKey(a.login())) {
      return "a group named '"
          + a.login()
          + "' already exists, so useradd cannot make the user's own group; not created";
    }
    return null;
  }

  /** Why a user that exists here as p is not changed: only users foreman made, with their uid. */
  static String updateProblem(Account a, Passwd p, Managed managed) {
    if (p.uid() < User.MIN_UID || p.login().equals("root")) {
      return "exists here as a system account (uid " + p.uid() + "); left alone";
    }
    if (!managed.manages(a.login(), p.uid())) {
      return "exists here but was not created by foreman; left alone";
    }
    if (p.uid() != a.uid()) {
      return "the repo says uid "
          + a.uid()
          + " but the user has uid "
          + p.uid()
          + "; foreman never renumbers a user (files on disk keep their owner); left as it is";
    }
    return null;
  }

  /** Why a dotfile from the server is refused: a path leaving the home, a bad mode or body. */
  static String dotfileProblem(HostUsers.Dotfile d) {
    String path = d.path();
    if (path == null || path.isEmpty() || path.length() > 255 || path.startsWith("/")) {
      return "path must be relative to the home";
    }
    if (path.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
      return "path holds a control character";
    }
    for (String seg : path.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        return "path has an empty, '.' or '..' segment (must stay inside the home)";
      }
    }
    if (path.equals(".ssh/authorized_keys")
        || path.equals(".ssh/authorized_keys2")
        || path.equals(".ssh")) {
      return "~/.ssh/authorized_keys comes from ssh_keys, not dotfiles";
    }
    if (d.mode() == null || !d.mode().matches("0?[0-7]{3}")) {
      return "mode '"
          + printable(d.mode())
          + "' is not 0000..0777 (no setuid, setgid or sticky bits)";
    }
    try {
      Base64.getDecoder().decode(d.contentBase64() == null ? "" : d.contentBase64());
    } catch (IllegalArgumentException e) {
      return "content is not base64";
    }
    return d.contentBase64() == null ? "no content" : null;
  }

  /** Hostile text is shown escaped, never raw, in messages. */
  static String printable(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (char c : (s.length() > 64 ? s.substring(0, 64) + "..." : s).toCharArray()) {
      sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }
}
