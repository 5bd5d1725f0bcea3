package io.roller.roll.secret;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roll secret keygen}: makes the host's identity (0600) unless it has one, and prints its
 * recipient, so a bootstrap can run it every time.
 */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Write an age identity to <root>/etc/roller/identity (0600) if there is none, and print its"
          + " recipient (age1...) for secrets.yml."
    })
final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--root", paramLabel = "DIR", description = "Host root (default: /).")
  Path root = Path.of("/");

  @Option(
      names = {"-o", "--identity"},
      paramLabel = "FILE",
      description = "Write here instead (an admin identity, say).")
  Path file;

  @Override
  public Integer call() {
    Path f = file != null ? file : Identity.hostFile(root);
    PrintWriter out = spec.commandLine().getOut();
    if (Files.exists(f)) {
      spec.commandLine().getErr().println("roll: kept the existing identity " + f);
      out.println(Identity.load(f).recipient());
    } else {
      out.println(Identity.create(f).recipient());
    }
    out.flush();
    return 0;
  }
}
