package io.roller.roll.validate;

import io.roller.model.RepoFile;
import io.roller.model.ValidationException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Every problem of one file, not only the first. The model's parsers stop at the first error, so
 * this blanks the lines of the key at fault (keeping every other line where it was, so line numbers
 * stay true) and parses again, until the file passes or an error is no longer tied to a key it can
 * blank (a YAML syntax error, a missing key, the whole file).
 */
final class FileProblems {
  /** A file with more problems than this has one real problem: it is not what it claims to be. */
  static final int MAX = 50;

  private FileProblems() {}

  static List<ValidationException> of(
      String path, byte[] content, boolean executable, ValidationException first) {
    List<ValidationException> out = new ArrayList<>();
    out.add(first);
    String text = new String(content, StandardCharsets.UTF_8);
    List<String> blanked = new ArrayList<>();
    ValidationException e = first;
    while (out.size() < MAX && e.key() != null && e.line() > 0) {
      String key = e.key().replaceAll("\\[\\d+]", "");
      String next = blank(text, key, blanked);
      if (next == null) {
        break;
      }
      text = next;
      RepoFile f = parse(path, text, executable);
      e = f == null ? null : f.error();
      if (e == null || consequence(e, blanked) || same(e, out.get(out.size() - 1))) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  private static RepoFile parse(String path, String text, boolean executable) {
    return RepoFile.parse(path, text.getBytes(StandardCharsets.UTF_8), executable);
  }

  /**
   * An error about a key that was blanked, inside one or around one ("missing key", "expected a
   * mapping, found nothing"), or an alias whose anchor was blanked, only echoes the blanking.
   */
  private static boolean consequence(ValidationException e, List<String> blanked) {
    if (e.reason().contains("undefined alias")) {
      return true; // the blanked lines held the anchor
    }
    for (String k : blanked) {
      if (e.key() != null
          && (e.key().equals(k) || e.key().startsWith(k + ".") || k.startsWith(e.key() + "."))) {
        return true;
      }
      if (e.reason().contains("key '" + last(k) + "'")) {
        return true;
      }
    }
    return false;
  }

  private static String last(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }

  private static boolean same(ValidationException a, ValidationException b) {
    return a.line() == b.line()
        && Objects.equals(a.key(), b.key())
        && Objects.equals(a.reason(), b.reason());
  }

  /**
   * The text with the lines of the (dotted) key's entry made empty, or of its nearest enclosing key
   * that is there; null when none is. The key blanked is added to {@code blanked}.
   */
  static String blank(String text, String key, List<String> blanked) {
    Node root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
    } catch (RuntimeException e) {
      return null;
    }
    NodeTuple found = null;
    String path = null;
    Node node = root;
    for (String part : key.split("\\.")) {
      if (!(node instanceof MappingNode m)) {
        break;
      }
      NodeTuple hit = null;
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(part)) {
          hit = t;
        }
      }
      if (hit == null) {
        break;
      }
      found = hit;
      path = path == null ? part : path + "." + part;
      node = hit.getValueNode();
    }
    if (found == null) {
      return null;
    }
    blanked.add(path);
    int from = found.getKeyNode().getStartMark().getLine();
    var end = found.getValueNode().getEndMark();
    int to = end.getColumn() == 0 && end.getLine() > from ? end.getLine() - 1 : end.getLine();
    String[] lines = text.split("\n", -1);
    for (int i = from; i <= to && i < lines.length; i++) {
      lines[i] = "";
    }
    return String.join("\n", lines);
  }
}
