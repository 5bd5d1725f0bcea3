package io.roller.roll.secret;

import io.roller.model.YamlNode;
import io.roller.roll.core.RollException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The secret params of a config repo checkout, with where each sits in its file. */
final class RepoSecrets {
  private RepoSecrets() {}

  /** One {@code !secret} param: its file, scope, name, line and its value's span in the text. */
  record Found(String path, String param, int line, int start, int end, String armor) {
    String scope() {
      return SecretsFile.scopeOf(path);
    }

    String where() {
      return path + ":" + line + ": param '" + param + "'";
    }
  }

  /** Every secret param of the colo, hostclass and host files, in path order. */
  static List<Found> find(Path repoDir) {
    List<Found> out = new ArrayList<>();
    for (Path f : paramFiles(repoDir)) {
      String rel = repoDir.relativize(f).toString().replace('\\', '/');
      try {
        out.addAll(in(rel, Files.readString(f, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new RollException("cannot read " + f + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        // a file that does not parse is roll validate's to report; it has no secrets to handle
      }
    }
    return out;
  }

  static List<Found> in(String path, String text) {
    List<Found> out = new ArrayList<>();
    YamlNode root = YamlNode.parse(path, text);
    if (!root.isMapping()) {
      return out;
    }
    YamlNode params = root.entries().get("params");
    if (params == null || !params.isMapping()) {
      return out;
    }
    for (Map.Entry<String, YamlNode> e : params.entries().entrySet()) {
      YamlNode v = e.getValue();
      if (v.isSecret() && v.isScalar()) {
        out.add(
            new Found(
                path,
                e.getKey(),
                v.line(),
                text.offsetByCodePoints(0, v.startIndex()),
                text.offsetByCodePoints(0, v.endIndex()),
                v.text()));
      }
    }
    return out;
  }

  private static List<Path> paramFiles(Path repoDir) {
    List<Path> out = new ArrayList<>();
    for (String top : List.of("colo", "hostclass", "host")) {
      Path dir = repoDir.resolve(top);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir, 2)) {
        walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".yml"))
            .sorted()
            .forEach(out::add);
      } catch (IOException e) {
        throw new RollException("cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** The YAML value roll secret encrypt prints and rekey writes: a block scalar under a param. */
  static String yamlValue(String armor, int indent) {
    return "!secret |\n" + armor.strip().indent(indent);
  }
}
