package io.roller.foreman.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.foreman.plan.Step;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolsTest {
  private final Tools temp = new Tools(Path.of("/tmp/r"));
  private final Tools real = new Tools(Path.of("/"));

  @Test
  void aTempRootGivesEveryToolPrefixAndTheRealRootNone() {
    assertEquals(
        List.of("groupadd", "--prefix", "/tmp/r", "ops"),
        temp.command(new Step.CreateGroup("ops")));
    assertEquals(List.of("groupadd", "ops"), real.command(new Step.CreateGroup("ops")));
    assertEquals(
        List.of("usermod", "--prefix", "/tmp/r", "-L", "-e", "1", "jane"),
        temp.command(new Step.LockUser("jane")));
  }

  @Test
  void commentsAndShellsTravelAsSingleArgumentsNeverThroughAShell() {
    Step.CreateUser u =
        new Step.CreateUser(
            "jane", 2001, "Jane $(reboot); `id`", "/bin/bash", "/home/jane", List.of("ops", "adm"));
    assertEquals(
        List.of(
            "useradd",
            "-u",
            "2001",
            "-U",
            "-m",
            "-d",
            "/home/jane",
            "-s",
            "/bin/bash",
            "-c",
            "Jane $(reboot); `id`",
            "-p",
            "*",
            "-G",
            "ops,adm",
            "jane"),
        real.command(u));
  }

  @Test
  void unlockingABarePasswordSetsStarInsteadOfLeavingItEmpty() {
    assertEquals(
        List.of("usermod", "-U", "-e", "", "jane"),
        real.command(new Step.UnlockUser("jane", false)));
    assertEquals(
        List.of("usermod", "-p", "*", "-e", "", "jane"),
        real.command(new Step.UnlockUser("jane", true)));
  }

  @Test
  void onlyChangedFieldsAreModified() {
    assertEquals(
        List.of("usermod", "-s", "/bin/zsh", "jane"),
        real.command(new Step.ModifyUser("jane", null, "/bin/zsh", null, "shell")));
    assertEquals(
        List.of("usermod", "-G", "", "jane"),
        real.command(new Step.ModifyUser("jane", null, null, List.of(), "groups")));
  }

  @Test
  void aFailingToolReportsItsOwnMessage() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                temp.run(
                    List.of(
                        "usermod",
                        "--prefix",
                        "/nonexistent-root",
                        "-s",
                        "/bin/sh",
                        "nosuchuser")));
    assertTrue(e.getMessage().startsWith("usermod exited "), e.getMessage());
    assertTrue(
        e.getMessage().contains("nosuchuser") || e.getMessage().contains("nonexistent"),
        e.getMessage());
  }
}
