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
  public static List<ValidationException> problems(Path repoDir, ConfigRepo repo) {
    List<RepoSecrets.Found> found = RepoSecrets.find(repoDir);
    List<ValidationException> out = new ArrayList<>();
    SecretsFile secrets;
    try {
      secrets = SecretsFile.load(repoDir);
    } catch (ValidationException e) {
      out.add(e);
      return out;
    }
    if (!found.isEmpty() && !Files.isRegularFile(repoDir.resolve(SecretsFile.PATH))) {
      out.add(
          SecretsFile.problem(
              "missing, but "
                  + found.size()
                  + " param(s) are secrets; list their hosts' recipients there"));
    }
    for (RepoSecrets.Found f : found) {
      List<String> recorded;
      try {
        recorded = Age.recipients(f.armor());
      } catch (Age.AgeException e) {
        out.add(at(f, e.getMessage()));
        continue;
      }
      Set<String> to = recorded == null ? Set.of() : new HashSet<>(recorded);
      if (recorded == null) {
        out.add(
            at(
                f,
                "the secret records no recipients (not made by roll secret encrypt); run roll"
                    + " secret rekey"));
      }
      for (String h : SecretsFile.receivers(repo, f.scope())) {
        List<String> keys = secrets.hostRecipients(h);
        if (keys.isEmpty()) {
          out.add(
              at(
                  f,
                  "reaches host "
                      + h
                      + ", which has no recipient in secrets.yml (add host/"
                      + h
                      + ", then run roll secret rekey)"));
        } else if (recorded != null && keys.stream().noneMatch(to::contains)) {
          out.add(at(f, "not encrypted to host " + h + " (run roll secret rekey)"));
        }
      }
      if (recorded != null) {
        for (String a : secrets.admins()) {
          if (!to.contains(a)) {
            out.add(at(f, "not encrypted to admin " + a + " (run roll secret rekey)"));
          }
        }
      }
    }
    return out;
  }

  private static ValidationException at(RepoSecrets.Found f, String reason) {
    return new ValidationException(f.path(), f.line(), "params." + f.param(), reason);
  }
}
