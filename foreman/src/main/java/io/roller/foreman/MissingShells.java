package io.roller.foreman;

import io.roller.foreman.plan.Plan;
import io.roller.foreman.plan.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Warnings for steps that give a user a shell this host does not have: the repo allows a shell
 * (users/*.yml), but only the hostclass's packages or the base image put it on a host, and a user
 * whose shell is missing cannot log in. foreman still applies the step (the shell may come with the
 * next roll); it says so on stderr.
 */
final class MissingShells {
  private MissingShells() {}

  static List<String> warnings(Path root, Plan plan) {
    List<String> out = new ArrayList<>();
    for (Step s : plan.steps()) {
      String login = null;
      String shell = null;
      if (s instanceof Step.CreateUser c) {
        login = c.login();
        shell = c.shell();
      } else if (s instanceof Step.ModifyUser m && m.shell() != null) {
        login = m.login();
        shell = m.shell();
      }
      if (shell != null && shell.startsWith("/")) {
        Path onHost = root.resolve(shell.substring(1));
        if (!Files.isExecutable(onHost) || Files.isDirectory(onHost)) {
          out.add(
              "foreman: warning: user "
                  + login
                  + " gets shell "
                  + shell
                  + ", which is not on this host ("
                  + onHost
                  + " is missing): "
                  + login
                  + " cannot log in until a package or the base image installs it");
        }
      }
    }
    return out;
  }
}
