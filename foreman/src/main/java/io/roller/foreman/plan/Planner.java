package io.roller.foreman.plan;

import io.roller.foreman.etc.EtcFiles;
import io.roller.foreman.etc.EtcFiles.Passwd;
import io.roller.foreman.etc.EtcFiles.Shadow;
import io.roller.model.HostUsers;
import io.roller.model.HostUsers.Account;
import io.roller.model.Names;
import io.roller.model.User;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Computes a sync plan from the granted users, the account databases, foreman's record of the users
 * it created, and a read-only view of files in homes. Writes nothing: --dry-run prints its result
 * and tests assert on it.
 */
public final class Planner {
  static final int KEYS_MODE = 0600;
  static final int SSH_DIR_MODE = 0700;

  private final HostUsers want;
  private final EtcFiles etc;
  private final Managed managed;
  private final Function<String, FileState> files;
  private final Map<Integer, Passwd> byUid = new HashMap<>();
  private final Map<String, Set<String>> memberOf = new HashMap<>();
  private final Set<String> frozen = new HashSet<>();
  private final Set<String> seen = new HashSet<>();
  private final Set<String> plannedGroups = new HashSet<>();
  private final List<Step> groupSteps = new ArrayList<>();
  private final List<Step> userSteps = new ArrayList<>();
  private final List<Step> laterUserSteps = new ArrayList<>();
  private final List<Step> fileSteps = new ArrayList<>();
  private final List<Step> revokeSteps = new ArrayList<>();
  private final List<Plan.Refusal> refused = new ArrayList<>();

  private Planner(
      HostUsers want, EtcFiles etc, Managed managed, Function<String, FileState> files) {
    this.want = want;
    this.etc = etc;
    this.managed = managed;
    this.files = files;
    etc.passwd().values().forEach(p -> byUid.putIfAbsent(p.uid(), p));
    // login -> supplementary groups, once: asking every group about every user is quadratic
    etc.groups()
        .values()
        .forEach(
            g ->
                g.members()
                    .forEach(m -> memberOf.computeIfAbsent(m, k -> new TreeSet<>()).add(g.name())));
  }

  /**
   * The plan. Order: groups, then user creations, then other account changes, then files (so the
   * executor learns new users' gids once), then revocations.
   */
  public static Plan plan(
      HostUsers want, EtcFiles etc, Managed managed, Function<String, FileState> files) {
    Planner p = new Planner(want, etc, managed, files);
    p.run();
    List<Step> steps = new ArrayList<>(p.groupSteps);
    steps.addAll(p.userSteps);
    steps.addAll(p.laterUserSteps);
    steps.addAll(p.fileSteps);
    steps.addAll(p.revokeSteps);
    return new Plan(steps, p.refused);
  }

  private void run() {
    freezeSkipped();
    List<Account> accounts = new ArrayList<>(want.users() == null ? List.of() : want.users());
    accounts.removeIf(a -> a == null);
    accounts.sort(Comparator.comparing(a -> String.valueOf(a.login())));
    Set<String> creating = new HashSet<>();
    for (Account a : accounts) {
      if (accountProblem(a) == null && !etc.passwd().containsKey(a.login())) {
        creating.add(a.login());
      }
    }
    // A uid granted to two logins cannot tell whose files are whose: neither is created or changed.
    Map<Integer, Set<String>> loginsByUid = new HashMap<>();
    for (Account a : accounts) {
      if (accountProblem(a) == null) {
        loginsByUid.computeIfAbsent(a.uid(), k -> new java.util.TreeSet<>()).add(a.login());
      }
    }
    for (Account a : accounts) {
      String problem = accountProblem(a);
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
        refuse(validLogin ? a.login() : "'" + printable(a.login()) + "'", problem);
      } else if (frozen.contains(a.login())) {
        refuse(a.login(), "its repo file did not validate on the server; left as it is");
      } else {
        grant(a, creating);
      }
    }
    revokeOthers();
  }

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

  /** Why foreman refuses this account whatever the server says, or null. */
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

  private void grant(Account a, Set<String> creating) {
    Passwd p = etc.passwd().get(a.login());
    String problem = p == null ? createProblem(a) : updateProblem(a, p);
    if (problem != null) {
      refuse(a.login(), problem);
      return;
    }
    List<String> groups = groups(a, creating);
    List<String> keys = keys(a);
    if (p == null) {
      create(a, groups, keys);
    } else {
      update(a, p, groups, keys);
    }
  }

  private String createProblem(Account a) {
    Passwd holder = byUid.get(a.uid());
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

  private String updateProblem(Account a, Passwd p) {
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

  private List<String> groups(Account a, Set<String> creating) {
    List<String> out = new ArrayList<>();
    for (String g : a.groups() == null ? List.<String>of() : a.groups()) {
      EtcFiles.Group existing = etc.groups().get(g);
      if (!Names.isLogin(g)) {
        refuse(a.login(), "group '" + printable(g) + "' is not a valid group name; left out");
      } else if (g.equals("root") || (existing != null && existing.gid() == 0)) {
        refuse(a.login(), "group '" + g + "' has gid 0; left out");
      } else if (!out.contains(g)) {
        out.add(g);
        if (existing == null && !creating.contains(g) && plannedGroups.add(g)) {
          groupSteps.add(new Step.CreateGroup(g));
        }
      }
    }
    return out;
  }

  private List<String> keys(Account a) {
    List<String> out = new ArrayList<>();
    List<String> keys = a.sshKeys() == null ? List.of() : a.sshKeys();
    for (int i = 0; i < keys.size(); i++) {
      String problem = User.sshKeyProblem(keys.get(i));
      if (problem != null) {
        refuse(a.login(), "ssh key " + (i + 1) + " left out: " + problem);
      } else {
        out.add(keys.get(i).trim());
      }
    }
    return out;
  }

  private void create(Account a, List<String> groups, List<String> keys) {
    // Groups that are other new users' private groups exist only once those users are made.
    List<String> now =
        groups.stream()
            .filter(g -> etc.groups().containsKey(g) || plannedGroups.contains(g))
            .toList();
    String home = "/home/" + a.login();
    userSteps.add(new Step.CreateUser(a.login(), a.uid(), comment(a), a.shell(), home, now));
    if (!now.equals(groups)) {
      laterUserSteps.add(
          new Step.ModifyUser(a.login(), null, null, groups, "groups " + String.join(",", groups)));
    }
    writeKeys(a.login(), home, keys, null);
    writeDotfiles(a, home, null);
  }

  private void update(Account a, Passwd p, List<String> groups, List<String> keys) {
    modify(a, p, groups);
    Shadow s = etc.shadow().get(a.login());
    if (s != null && s.locked()) {
      laterUserSteps.add(new Step.UnlockUser(a.login(), s.password().equals("!")));
    }
    writeKeys(a.login(), p.home(), keys, p);
    writeDotfiles(a, p.home(), p);
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
      laterUserSteps.add(
          new Step.ModifyUser(a.login(), comment, shell, newGroups, String.join("; ", why)));
    }
  }

  /** owner null: a user created by this plan, whose files are all new. */
  private void writeKeys(String login, String home, List<String> keys, Passwd owner) {
    StringBuilder sb = new StringBuilder();
    keys.forEach(k -> sb.append(k).append('\n'));
    byte[] content = sb.toString().getBytes(StandardCharsets.UTF_8);
    String dir = home + "/.ssh";
    String path = dir + "/authorized_keys";
    if (owner == null) {
      fileSteps.add(
          new Step.WriteFile(login, path, KEYS_MODE, content, true, keys.size() + " keys"));
      return;
    }
    FileState d = files.apply(dir);
    FileState f = files.apply(path);
    if (d.kind() == FileState.Kind.OTHER
        || f.kind() == FileState.Kind.OTHER
        || f.kind() == FileState.Kind.DIRECTORY) {
      refuse(
          login,
          dir + " or its authorized_keys is a symlink or not a regular file; keys not written");
    } else if (!f.isFile(content, KEYS_MODE, owner.uid(), owner.gid())
        || !d.isDirectory(SSH_DIR_MODE, owner.uid(), owner.gid())) {
      fileSteps.add(
          new Step.WriteFile(login, path, KEYS_MODE, content, true, keys.size() + " keys"));
    }
  }

  private void writeDotfiles(Account a, String home, Passwd owner) {
    for (HostUsers.Dotfile d : a.dotfiles() == null ? List.<HostUsers.Dotfile>of() : a.dotfiles()) {
      String problem = dotfileProblem(d);
      if (problem != null) {
        refuse(a.login(), "dotfile '" + printable(d.path()) + "' left out: " + problem);
        continue;
      }
      int mode = Integer.parseInt(d.mode(), 8);
      byte[] content = Base64.getDecoder().decode(d.contentBase64());
      String path = home + "/" + d.path();
      FileState f = owner == null ? FileState.ABSENT : files.apply(path);
      if (f.kind() == FileState.Kind.OTHER || f.kind() == FileState.Kind.DIRECTORY) {
        refuse(a.login(), path + " is a symlink or not a regular file; dotfile not written");
      } else if (owner == null || !f.isFile(content, mode, owner.uid(), owner.gid())) {
        fileSteps.add(new Step.WriteFile(a.login(), path, mode, content, false, "dotfile"));
      }
    }
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

  private void revokeOthers() {
    for (Map.Entry<String, Integer> m : new java.util.TreeMap<>(managed.users()).entrySet()) {
      String login = m.getKey();
      if (seen.contains(login)) {
        continue;
      }
      Passwd p = etc.passwd().get(login);
      if (p == null) {
        continue;
      }
      if (frozen.contains(login)) {
        refuse(login, "its repo file did not validate on the server; not locked");
      } else if (p.uid() != m.getValue() || p.uid() < User.MIN_UID) {
        refuse(
            login,
            "has uid "
                + p.uid()
                + " but foreman created it with uid "
                + m.getValue()
                + "; left alone");
      } else {
        revoke(p);
      }
    }
  }

  private void revoke(Passwd p) {
    Shadow s = etc.shadow().get(p.login());
    if (s == null || !s.password().startsWith("!") || !s.expire().equals("1")) {
      revokeSteps.add(new Step.LockUser(p.login()));
    }
    String dir = p.home() + "/.ssh";
    String keys = dir + "/authorized_keys";
    if (files.apply(keys).kind() != FileState.Kind.ABSENT) {
      if (files.apply(dir).kind() != FileState.Kind.DIRECTORY) {
        refuse(
            p.login(),
            dir
                + " is not a directory; "
                + keys
                + " not removed (the account is locked and expired)");
      } else {
        revokeSteps.add(new Step.RemoveFile(p.login(), keys));
      }
    }
  }

  private static String comment(Account a) {
    return a.comment() == null ? "" : a.comment();
  }

  private void refuse(String login, String reason) {
    refused.add(new Plan.Refusal(login, reason));
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
