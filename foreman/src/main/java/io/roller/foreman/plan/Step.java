package io.roller.foreman.plan;

import io.roller.model.Sha256;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One small change of a sync plan; printed by --dry-run, applied by the executor. */
public sealed interface Step {

  /** The user this step is about, or null for a group. */
  String login();

  /** One line for people. */
  String describe();

  /** The step for --json. */
  Map<String, Object> json();

  /** {@code groupadd NAME}. */
  record CreateGroup(String name) implements Step {
    @Override
    public String login() {
      return null;
    }

    @Override
    public String describe() {
      return "create group " + name;
    }

    @Override
    public Map<String, Object> json() {
      return map("action", "create-group", "group", name);
    }
  }

  /** {@code useradd} with a private group, the home made from skel, and no usable password. */
  record CreateUser(
      String login, int uid, String comment, String shell, String home, List<String> groups)
      implements Step {
    @Override
    public String describe() {
      return "create user "
          + login
          + " (uid "
          + uid
          + ", shell "
          + shell
          + ", home "
          + home
          + (groups.isEmpty() ? "" : ", groups " + String.join(",", groups))
          + ")";
    }

    @Override
    public Map<String, Object> json() {
      return map(
          "action",
          "create-user",
          "login",
          login,
          "uid",
          uid,
          "comment",
          comment,
          "shell",
          shell,
          "home",
          home,
          "groups",
          groups);
    }
  }

  /** {@code usermod} of the fields that differ; null fields stay as they are. */
  record ModifyUser(String login, String comment, String shell, List<String> groups, String why)
      implements Step {
    @Override
    public String describe() {
      return "update user " + login + ": " + why;
    }

    @Override
    public Map<String, Object> json() {
      Map<String, Object> m = map("action", "update-user", "login", login);
      if (comment != null) {
        m.put("comment", comment);
      }
      if (shell != null) {
        m.put("shell", shell);
      }
      if (groups != null) {
        m.put("groups", groups);
      }
      m.put("why", why);
      return m;
    }
  }

  /**
   * Re-grant: unlock the password and clear the expiry; bareBang when the password is exactly "!".
   */
  record UnlockUser(String login, boolean bareBang) implements Step {
    @Override
    public String describe() {
      return "unlock user " + login + " (granted again)";
    }

    @Override
    public Map<String, Object> json() {
      return map("action", "unlock-user", "login", login);
    }
  }

  /** Revoke: lock the password and expire the account; the home stays. */
  record LockUser(String login) implements Step {
    @Override
    public String describe() {
      return "lock user " + login + " (no longer granted on this host; home kept)";
    }

    @Override
    public Map<String, Object> json() {
      return map("action", "lock-user", "login", login);
    }
  }

  /**
   * Writes a file in the user's home atomically, owned by the user; path is absolute inside the
   * root; privateParent makes the parent a 0700 directory (~/.ssh).
   */
  record WriteFile(
      String login, String path, int mode, byte[] content, boolean privateParent, String why)
      implements Step {
    @Override
    public String describe() {
      return "write "
          + path
          + " ("
          + String.format("%04o", mode)
          + ", "
          + content.length
          + " bytes; "
          + why
          + ")";
    }

    @Override
    public Map<String, Object> json() {
      return map(
          "action",
          "write-file",
          "login",
          login,
          "path",
          path,
          "mode",
          String.format("%04o", mode),
          "size",
          content.length,
          "sha256",
          Sha256.of(content),
          "why",
          why);
    }
  }

  /** Removes a file from a revoked user's home (authorized_keys). */
  record RemoveFile(String login, String path) implements Step {
    @Override
    public String describe() {
      return "remove " + path;
    }

    @Override
    public Map<String, Object> json() {
      return map("action", "remove-file", "login", login, "path", path);
    }
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
