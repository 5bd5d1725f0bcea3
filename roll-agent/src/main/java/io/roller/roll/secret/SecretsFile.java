package io.roller.roll.secret;

import io.roller.model.ConfigRepo;
import io.roller.model.Host;
import io.roller.model.Names;
import io.roller.model.ValidationException;
import io.roller.model.YamlNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The repo's {@code secrets.yml}: {@code recipients: {colo/<c>|hostclass/<n>|host/<h>: [age1...]}}
 * and {@code admins: [age1...]}, added to every secret.
 */
public record SecretsFile(List<String> admins, Map<String, List<String>> recipients) {
  public static final String PATH = "secrets.yml";

  public SecretsFile {
    admins = List.copyOf(admins);
    recipients = Map.copyOf(recipients);
  }

  public static SecretsFile parse(String text) {
    Map<String, YamlNode> top = YamlNode.parse(PATH, text).entries(Set.of("admins", "recipients"));
    List<String> admins = top.containsKey("admins") ? keys(top.get("admins")) : List.of();
    Map<String, List<String>> recipients = new TreeMap<>();
    if (top.containsKey("recipients") && !top.get("recipients").isNull()) {
      for (Map.Entry<String, YamlNode> e : top.get("recipients").entries().entrySet()) {
        checkScope(e.getKey(), e.getValue());
        recipients.put(e.getKey(), keys(e.getValue()));
      }
    }
    return new SecretsFile(admins, recipients);
  }

  /** secrets.yml of a checkout; a repo without one has no recipients. */
  public static SecretsFile load(Path repoDir) {
    Path p = repoDir.resolve(PATH);
    if (!Files.isRegularFile(p)) {
      return new SecretsFile(List.of(), Map.of());
    }
    try {
      return parse(Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new io.roller.roll.core.RollException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private static void checkScope(String scope, YamlNode at) {
    String[] p = scope.split("/", 2);
    boolean ok =
        p.length == 2
            && switch (p[0]) {
              case "colo", "hostclass" -> Names.isName(p[1]);
              case "host" -> Names.isHostname(p[1]);
              default -> false;
            };
    if (!ok) {
      throw at.error(
          "want colo/<colo>, hostclass/<name> or host/<hostname>, found '" + scope + "'");
    }
  }

  private static List<String> keys(YamlNode list) {
    if (list.isNull()) {
      return List.of();
    }
    for (YamlNode n : list.items()) {
      if (!Age.isRecipient(n.text())) {
        throw n.error("not an age X25519 recipient (age1...): '" + Age.printable(n.text()) + "'");
      }
    }
    return list.strings();
  }

  /** The scope of a repo file that defines params: colo/c, hostclass/n or host/h. */
  public static String scopeOf(String path) {
    String[] p = path.split("/");
    String last = p[p.length - 1].replaceFirst("\\.yml$", "");
    return switch (p[0]) {
      case "colo", "host" -> p[0] + "/" + last;
      case "hostclass" -> "hostclass/" + p[1];
      default -> throw new IllegalArgumentException(path + " defines no params");
    };
  }

  /** Hosts that can receive a param of a scope: the colo's, the hostclass's, or the one host. */
  public static List<String> receivers(ConfigRepo repo, String scope) {
    String[] p = scope.split("/", 2);
    return repo.hosts().values().stream()
        .filter(
            h ->
                switch (p[0]) {
                  case "colo" -> h.colo().equals(p[1]);
                  case "hostclass" -> h.hostclass().equals(p[1]);
                  default -> h.hostname().equals(p[1]);
                })
        .map(Host::hostname)
        .sorted()
        .toList();
  }

  /**
   * Whom a secret of a scope is encrypted to: the scope's own recipients, those of every host that
   * can receive it, and the admins.
   */
  public TreeSet<String> recipientsFor(ConfigRepo repo, String scope) {
    TreeSet<String> out = new TreeSet<>(admins);
    out.addAll(recipients.getOrDefault(scope, List.of()));
    for (String h : receivers(repo, scope)) {
      out.addAll(recipients.getOrDefault("host/" + h, List.of()));
    }
    return out;
  }

  /** The recipients of one host, as secrets.yml lists them. */
  public List<String> hostRecipients(String hostname) {
    return recipients.getOrDefault("host/" + hostname, List.of());
  }

  /** A problem of secrets.yml as the validator reports it. */
  static ValidationException problem(String reason) {
    return new ValidationException(PATH, 0, null, reason);
  }
}
