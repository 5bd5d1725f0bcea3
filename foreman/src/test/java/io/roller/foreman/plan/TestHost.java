package io.roller.foreman.plan;

import static io.roller.foreman.Fixtures.key;

import io.roller.foreman.Fixtures;
import io.roller.foreman.etc.EtcFiles;
import io.roller.model.HostUsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A host as the planner sees it, built in memory: a real Debian etc (changed per test) and the
 * states of home files, absolute host path to state; a path not in files is absent.
 */
final class TestHost {
  final EtcFiles debian;
  final Map<String, FileState> files = new HashMap<>();

  /** tmp receives the Debian fixture etc once, to parse it as foreman does. */
  TestHost(Path tmp) throws IOException {
    debian = EtcFiles.read(Fixtures.debianRoot(tmp));
  }

  /** Plans against {@link #current}. */
  Plan plan(HostUsers want, EtcFiles etc, Managed managed) {
    return Planner.plan(want, current(want, etc, managed));
  }

  /** What a reader of files would gather: each path HomePaths lists. */
  Current current(HostUsers want, EtcFiles etc, Managed managed) {
    Map<String, FileState> homes = new HashMap<>();
    for (String path : HomePaths.of(want, etc, managed)) {
      homes.put(path, files.getOrDefault(path, FileState.ABSENT));
    }
    return new Current(etc, managed, homes);
  }

  List<String> lines(Plan p) {
    List<String> out = new ArrayList<>();
    p.steps().forEach(s -> out.add(s.describe()));
    return out;
  }

  /** etc plus one user (passwd and shadow lines) and group lines, as they read in the files. */
  EtcFiles with(EtcFiles etc, String passwdLine, String shadowLine, String... groupLines) {
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
  EtcFiles janeInSync(String shadowPassword, String expire) {
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
  void janesFilesInSync(String home) {
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
}
