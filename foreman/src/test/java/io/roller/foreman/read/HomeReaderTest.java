package io.roller.foreman.read;

import static io.roller.foreman.Fixtures.account;
import static io.roller.foreman.Fixtures.dotfile;
import static io.roller.foreman.Fixtures.key;
import static io.roller.foreman.Fixtures.view;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.roller.foreman.etc.EtcFiles;
import io.roller.foreman.plan.Current;
import io.roller.foreman.plan.FileState;
import io.roller.foreman.plan.Managed;
import io.roller.foreman.plan.Planner;
import io.roller.foreman.plan.Step;
import io.roller.model.HostUsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader on a real temp root: what it reads up front is all the planner gets to see. */
class HomeReaderTest {
  @TempDir Path tmp;
  Path root;
  final EtcFiles etc =
      new EtcFiles(
          Map.of(
              "jane",
                  new EtcFiles.Passwd("jane", 2001, 2001, "jane user", "/home/jane", "/bin/bash"),
              "kim", new EtcFiles.Passwd("kim", 2002, 2002, "kim user", "/home/kim", "/bin/bash"),
              "local", new EtcFiles.Passwd("local", 1500, 1500, "", "/home/local", "/bin/bash")),
          Map.of(),
          Map.of());
  final Managed managed = new Managed(Map.of("jane", 2001, "kim", 2002));
  final HostUsers want =
      view(
          account(
              "jane",
              2001,
              List.of(),
              List.of(key("jane")),
              List.of(
                  dotfile(".bashrc", "0644", "alias ll='ls -l'\n"),
                  dotfile(".profile", "0644", "x"),
                  dotfile(".big", "0644", "x"))),
          account("local", 1500, List.of(), List.of(), List.of()));

  @BeforeEach
  void homes() throws IOException {
    root = tmp.resolve("root");
    Path jane = Files.createDirectories(root.resolve("home/jane/.ssh"));
    own(jane, "rwx------", 2001);
    Files.writeString(jane.resolve("authorized_keys"), key("jane") + "\n");
    own(jane.resolve("authorized_keys"), "rw-------", 2001);
    Path bashrc = Files.writeString(root.resolve("home/jane/.bashrc"), "alias ll='ls -l'\n");
    own(bashrc, "rw-r--r--", 2001);
    // a user may plant a symlink to a file she cannot read, or a huge file
    Files.createSymbolicLink(root.resolve("home/jane/.profile"), Path.of("/etc/shadow"));
    Files.write(root.resolve("home/jane/.big"), new byte[(int) HomeReader.MAX_COMPARED + 1]);
    // kim is managed but no longer granted: her keys are read for the revoke
    Path kim = Files.createDirectories(root.resolve("home/kim/.ssh"));
    Files.writeString(kim.resolve("authorized_keys"), key("kim") + "\n");
    Files.createDirectories(root.resolve("home/local/.ssh"));
    Files.writeString(root.resolve("home/local/.ssh/authorized_keys"), key("local") + "\n");
  }

  private static void own(Path p, String mode, int uid) throws IOException {
    Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }

  @Test
  void readsTheManagedHomesWithoutFollowingLinksAndNoOtherHome() {
    Current c = new HomeReader(root).current(want, etc, managed);
    assertEquals(
        List.of(
            "/home/jane/.bashrc",
            "/home/jane/.big",
            "/home/jane/.profile",
            "/home/jane/.ssh",
            "/home/jane/.ssh/authorized_keys",
            "/home/kim/.ssh",
            "/home/kim/.ssh/authorized_keys"),
        c.homes().keySet().stream().sorted().toList());
    FileState bashrc = c.homes().get("/home/jane/.bashrc");
    assertEquals(List.of(FileState.Kind.FILE, 0644, 2001, 2001), fields(bashrc));
    assertArrayEquals("alias ll='ls -l'\n".getBytes(StandardCharsets.UTF_8), bashrc.content());
    assertEquals(
        List.of(FileState.Kind.DIRECTORY, 0700, 2001, 2001),
        fields(c.homes().get("/home/jane/.ssh")));
    assertEquals(FileState.Kind.OTHER, c.homes().get("/home/jane/.profile").kind());
    assertNull(c.homes().get("/home/jane/.profile").content());
    assertEquals(FileState.Kind.FILE, c.homes().get("/home/jane/.big").kind());
    assertNull(c.homes().get("/home/jane/.big").content());
    assertEquals(etc, c.etc());
    assertEquals(managed, c.managed());
  }

  @Test
  void theCurrentOutlivesItsRootThePlannerSeesOnlyWhatWasRead() throws IOException {
    Current c = new HomeReader(root).current(want, etc, managed);
    List<String> before = describe(Planner.plan(want, c).steps());
    assertEquals(
        List.of(
            "write /home/jane/.big (0644, 1 bytes; dotfile)",
            "lock user kim (no longer granted on this host; home kept)",
            "remove /home/kim/.ssh/authorized_keys"),
        before);
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    assertFalse(Files.exists(root));
    assertEquals(before, describe(Planner.plan(want, c).steps()));
  }

  private static List<Object> fields(FileState f) {
    return List.of(f.kind(), f.mode(), f.uid(), f.gid());
  }

  private static List<String> describe(List<Step> steps) {
    return steps.stream().map(Step::describe).toList();
  }
}
