package io.roller.roll.secret;

import io.roller.model.ConfigRepo;
import io.roller.roll.core.Checkout;
import io.roller.roll.core.RollException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roll secret rekey --identity ADMIN}: re-encrypts every secret whose recipients (by
 * secrets.yml and the repo's hosts) differ from those it records; the others keep their bytes, so
 * the diff shows only real changes.
 */
@Command(
    name = "rekey",
    mixinStandardHelpOptions = true,
    description = {
      "Re-encrypt each secret of a config repo checkout whose recipients changed (a host added or"
          + " retired in secrets.yml), with an admin identity; other secrets keep their bytes."
    })
final class RekeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-i", "--identity"},
      required = true,
      paramLabel = "FILE",
      description = "An admin identity (its recipient is in secrets.yml's admins).")
  Path identity;

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      description = "The config repo checkout (default: current directory).")
  Path repoDir = Path.of(".");

  @Override
  public Integer call() throws IOException {
    Identity admin = Identity.load(identity);
    SecretsFile secrets = SecretsFile.load(repoDir);
    ConfigRepo repo = Checkout.load(repoDir);
    Map<String, List<RepoSecrets.Found>> byFile = new TreeMap<>();
    for (RepoSecrets.Found f : RepoSecrets.find(repoDir)) {
      byFile.computeIfAbsent(f.path(), k -> new ArrayList<>()).add(f);
    }
    PrintWriter out = spec.commandLine().getOut();
    int total = 0;
    int rekeyed = 0;
    for (Map.Entry<String, List<RepoSecrets.Found>> e : byFile.entrySet()) {
      Path file = repoDir.resolve(e.getKey());
      String text = Files.readString(file, StandardCharsets.UTF_8);
      StringBuilder sb = new StringBuilder(text);
      List<RepoSecrets.Found> found = new ArrayList<>(e.getValue());
      // from the end, so earlier spans stay where they were
      found.sort(Comparator.comparingInt(RepoSecrets.Found::start).reversed());
      boolean changed = false;
      for (RepoSecrets.Found f : found) {
        total++;
        TreeSet<String> want = secrets.recipientsFor(repo, f.scope());
        if (want.isEmpty()) {
          throw new RollException(f.where() + ": secrets.yml gives it no recipients");
        }
        Age.Opened o;
        try {
          o = Age.open(f.armor(), admin.keys());
        } catch (Age.AgeException x) {
          throw new RollException(
              f.where()
                  + ": the admin identity "
                  + identity
                  + " cannot decrypt it: "
                  + x.getMessage());
        }
        if (o.recipients() != null && new TreeSet<>(o.recipients()).equals(want)) {
          continue;
        }
        String armor;
        try {
          armor = Age.encrypt(o.plaintext(), want);
        } catch (Age.AgeException x) {
          throw new RollException(f.where() + ": " + x.getMessage());
        } finally {
          java.util.Arrays.fill(o.plaintext(), (byte) 0);
        }
        String old = text.substring(f.start(), f.end());
        String tail = old.substring(old.stripTrailing().length());
        String value = RepoSecrets.yamlValue(armor, indent(old)).stripTrailing() + tail;
        sb.replace(f.start(), f.end(), value);
        changed = true;
        rekeyed++;
        out.println("rekeyed " + f.path() + " " + f.param() + " (" + want.size() + " recipients)");
      }
      if (changed) {
        Path tmp = Files.createTempFile(file.getParent(), ".rekey", ".tmp");
        Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    out.println(rekeyed + " of " + total + " secret(s) rekeyed");
    out.flush();
    return 0;
  }

  /** The indent of a block scalar's first content line; 4 for any other style. */
  private static int indent(String value) {
    String[] lines = value.split("\n", -1);
    if (lines.length > 1 && lines[0].strip().endsWith("|")) {
      String l = lines[1];
      int n = l.length() - l.stripLeading().length();
      if (n > 0) {
        return n;
      }
    }
    return 4;
  }
}
