package io.roller.foreman.apply;

import io.roller.foreman.plan.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the system's account tools (shadow-utils) with argument lists, never a shell. With a root
 * other than /, every tool gets {@code --prefix ROOT}: on Debian 12 (passwd 4.13) useradd, usermod,
 * groupadd and groupmod all take it, and it edits ROOT/etc/{passwd,shadow,group,gshadow} and makes
 * homes under ROOT while the tool itself keeps running from the real system (unlike --root, which
 * chroots and would need the tools and PAM inside ROOT).
 */
public class Tools {
  private final Path root;

  public Tools(Path root) {
    this.root = root;
  }

  /**
   * The argument list for a step (groupadd/useradd/usermod), with --prefix when the root is not /.
   */
  public List<String> command(Step step) {
    List<String> c = new ArrayList<>();
    if (step instanceof Step.CreateGroup g) {
      tool(c, "groupadd");
      c.add(g.name());
    } else if (step instanceof Step.CreateUser u) {
      tool(c, "useradd");
      // -U: a private group; -m: make the home from skel; -p '*': no password login, keys only, and
      // not '!', so `usermod -U` can later undo a lock without leaving a passwordless account.
      c.addAll(
          List.of(
              "-u",
              String.valueOf(u.uid()),
              "-U",
              "-m",
              "-d",
              u.home(),
              "-s",
              u.shell(),
              "-c",
              u.comment(),
              "-p",
              "*"));
      if (!u.groups().isEmpty()) {
        c.addAll(List.of("-G", String.join(",", u.groups())));
      }
      c.add(u.login());
    } else if (step instanceof Step.ModifyUser m) {
      tool(c, "usermod");
      if (m.comment() != null) {
        c.addAll(List.of("-c", m.comment()));
      }
      if (m.shell() != null) {
        c.addAll(List.of("-s", m.shell()));
      }
      if (m.groups() != null) {
        c.addAll(List.of("-G", String.join(",", m.groups())));
      }
      c.add(m.login());
    } else if (step instanceof Step.LockUser l) {
      tool(c, "usermod");
      c.addAll(List.of("-L", "-e", "1", l.login()));
    } else if (step instanceof Step.UnlockUser u) {
      tool(c, "usermod");
      // A bare "!" would unlock to an empty (passwordless) field, which usermod refuses: set '*'.
      c.addAll(
          u.bareBang()
              ? List.of("-p", "*", "-e", "", u.login())
              : List.of("-U", "-e", "", u.login()));
    } else {
      throw new IllegalArgumentException("not a tool step: " + step.describe());
    }
    return c;
  }

  private void tool(List<String> c, String name) {
    c.add(name);
    if (root.getParent() != null) {
      c.addAll(List.of("--prefix", root.toString()));
    }
  }

  /** Runs the command; throws with the tool's own stderr when it exits non-zero. */
  public void run(List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("LC_ALL", "C");
    Process p = pb.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    int rc;
    try {
      rc = p.waitFor();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(command.get(0) + " interrupted");
    }
    if (rc != 0) {
      throw new IOException(
          command.get(0) + " exited " + rc + (output.isEmpty() ? "" : ": " + output));
    }
  }
}
