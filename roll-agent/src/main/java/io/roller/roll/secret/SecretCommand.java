package io.roller.roll.secret;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code roll secret}: age keys and encrypted params (DESIGN section 8). */
@Command(
    name = "secret",
    mixinStandardHelpOptions = true,
    description = {
      "Secrets: params tagged !secret hold age ciphertext that only their hosts can read.",
      "See docs/secrets.md."
    },
    subcommands = {KeygenCommand.class, EncryptCommand.class, RekeyCommand.class})
public final class SecretCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
