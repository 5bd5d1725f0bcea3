package io.roller.roll.secret;

import io.roller.model.ConfigRepo;
import io.roller.model.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code roll validate} checks of secrets, without decrypting anything: each is encrypted to
 * every host that can receive it and to the admins, by the recipients its header records.
 */
public final class SecretChecks {
  private SecretChecks() {}

  /** The problems of a checkout's secrets, each naming file, line and param. */
  public static List<String> problems(Path repoDir, ConfigRepo repo) {
    List<RepoSecrets.Found> found = RepoSecrets.find(repoDir);
    List<String> out = new ArrayList<>();
    SecretsFile secrets;
    try {
      secrets = SecretsFile.load(repoDir);
    } catch (ValidationException e) {
      out.add(e.getMessage());
      return out;
    }
    if (!found.isEmpty() && !Files.isRegularFile(repoDir.resolve(SecretsFile.PATH))) {
      out.add(
          SecretsFile.PATH
              + ": missing, but "
              + found.size()
              + " param(s) are secrets; list their hosts' recipients there");
    }
    for (RepoSecrets.Found f : found) {
      List<String> recorded;
      try {
        recorded = Age.recipients(f.armor());
      } catch (Age.AgeException e) {
        out.add(f.where() + ": " + e.getMessage());
        continue;
      }
      Set<String> to = recorded == null ? Set.of() : new HashSet<>(recorded);
      if (recorded == null) {
        out.add(
            f.where()
                + ": the secret records no recipients (not made by roll secret encrypt); run roll"
                + " secret rekey");
      }
      for (String h : SecretsFile.receivers(repo, f.scope())) {
        List<String> keys = secrets.hostRecipients(h);
        if (keys.isEmpty()) {
          out.add(
              f.where()
                  + ": reaches host "
                  + h
                  + ", which has no recipient in secrets.yml (add host/"
                  + h
                  + ", then run roll secret rekey)");
        } else if (recorded != null && keys.stream().noneMatch(to::contains)) {
          out.add(f.where() + ": not encrypted to host " + h + " (run roll secret rekey)");
        }
      }
      if (recorded != null) {
        for (String a : secrets.admins()) {
          if (!to.contains(a)) {
            out.add(f.where() + ": not encrypted to admin " + a + " (run roll secret rekey)");
          }
        }
      }
    }
    return out;
  }
}
