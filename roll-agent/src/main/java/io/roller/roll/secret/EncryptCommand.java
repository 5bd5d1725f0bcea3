package io.roller.roll.secret;

import io.roller.model.ConfigRepo;
import io.roller.roll.core.Checkout;
import io.roller.roll.core.RollException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code roll secret encrypt --for SCOPE}: plaintext on stdin, the YAML value on stdout. */
@Command(
    name = "encrypt",
    mixinStandardHelpOptions = true,
    description = {
      "Encrypt stdin to the recipients secrets.yml gives a scope (plus its hosts and the admins)"
          + " and print the YAML value to paste after a param's name.",
      "One trailing newline of the input is dropped, so `echo pw | roll secret encrypt` works."
    })
final class EncryptCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--for",
      required = true,
      paramLabel = "SCOPE",
      description = "host/<hostname>, hostclass/<name> or colo/<colo>.")
  String scope;

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      description = "The config repo checkout with secrets.yml (default: current directory).")
  Path repoDir = Path.of(".");

  private final InputStream in;

  EncryptCommand() {
    this(System.in);
  }

  EncryptCommand(InputStream in) {
    this.in = in;
  }

  @Override
  public Integer call() throws IOException {
    String[] p = scope.split("/", 2);
    if (p.length != 2 || !Set.of("host", "hostclass", "colo").contains(p[0]) || p[1].isEmpty()) {
      throw new RollException(
          "--for wants host/<hostname>, hostclass/<name> or colo/<colo>, not '"
              + Age.printable(scope)
              + "'");
    }
    if (!Files.isDirectory(repoDir)) {
      throw new RollException(repoDir + " is not a config repo checkout");
    }
    SecretsFile secrets = SecretsFile.load(repoDir);
    ConfigRepo repo = Checkout.load(repoDir);
    Set<String> to = secrets.recipientsFor(repo, scope);
    if (to.isEmpty()) {
      throw new RollException(
          "no recipients for "
              + scope
              + ": list its hosts under recipients (host/<hostname>) or admins in "
              + repoDir.resolve(SecretsFile.PATH));
    }
    byte[] plain = in.readAllBytes();
    if (plain.length > 0 && plain[plain.length - 1] == '\n') {
      plain = Arrays.copyOf(plain, plain.length - 1);
    }
    String armor;
    try {
      armor = Age.encrypt(plain, to);
    } catch (Age.AgeException e) {
      throw new RollException("encrypt: " + e.getMessage());
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(RepoSecrets.yamlValue(armor, 4));
    out.flush();
    spec.commandLine()
        .getErr()
        .println("roll: encrypted to " + to.size() + " recipient(s) of " + scope);
    return 0;
  }
}
