package io.roller.model;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A parsed YAML node that remembers its file and line, so every validation error can name them.
 * Built on SnakeYAML's composed node tree.
 *
 * <p>Over 300 lines: the parse (SnakeYAML nodes to file-and-line aware nodes, with the repo's
 * refusals of anchors, tags and duplicate keys) and the typed accessors every record uses belong
 * together, since each accessor's error names the node's file, line and key.
 */
public final class YamlNode {
  private static final int MAX_ALIASES = 50;

  /**
   * What one file may expand to, aliases counted once per use: a few aliases doubling each other
   * stay under {@link #MAX_ALIASES} yet name millions of nodes, and expanding them (into params,
   * then into every host's JSON) exhausts the heap.
   */
  public static final int MAX_NODES = 250_000;

  /** How deep collections may nest, aliases expanded (also bounds a recursive alias). */
  public static final int MAX_DEPTH = 50;

  /** The longest scalar, in characters. */
  public static final int MAX_SCALAR = 1024 * 1024;

  /**
   * The longest run of characters without a space or line break. SnakeYAML copies its look-ahead
   * window once per 1,024 characters of one token, so scanning a token costs the square of its
   * length (4 MiB: seconds; 30 MiB: minutes); refusing long runs before parsing keeps any file
   * under {@link RepoFile#MAX_BYTES} to well under a second.
   */
  public static final int MAX_RUN = 256 * 1024;

  /** Building a loader costs more than composing a small file, and loaders are not thread-safe. */
  private static final ThreadLocal<Yaml> LOADER = ThreadLocal.withInitial(YamlNode::loader);

  private final String file;
  private final String key;
  private final Node node;

  private YamlNode(String file, String key, Node node) {
    this.file = file;
    this.key = key;
    this.node = node;
  }

  /**
   * Parses one YAML document; an empty document is an empty mapping. Refuses duplicate keys and
   * documents past the limits above.
   */
  public static YamlNode parse(String file, String text) {
    checkRuns(file, text);
    try {
      Node root = LOADER.get().compose(new StringReader(text));
      if (root == null) {
        root = new MappingNode(Tag.MAP, List.of(), DumperOptions.FlowStyle.BLOCK);
      }
      new Bounds(file).check(root, "", 0);
      return new YamlNode(file, "", root);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new ValidationException(file, line, null, "YAML syntax: " + problem.trim());
    } catch (YAMLException e) {
      throw new ValidationException(file, 0, null, "YAML: " + e.getMessage());
    }
  }

  private static Yaml loader() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    // Only read by SnakeYAML's constructor, which compose() never runs: Bounds checks duplicates.
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit(RepoFile.MAX_BYTES);
    return new Yaml(new SafeConstructor(options));
  }

  private static void checkRuns(String file, String text) {
    int run = 0;
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        run = 0;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        run = 0;
      } else if (++run > MAX_RUN) {
        throw new ValidationException(
            file,
            line,
            null,
            "more than "
                + MAX_RUN
                + " characters without a space or line break; split the value (a block scalar"
                + " with short lines, or spaces)");
      }
    }
  }

  /**
   * Walks the composed graph as the values will be expanded (an alias once per use), refusing
   * duplicate keys, too many nodes, too deep nesting and too long scalars. The walk stops at the
   * first limit, so it costs at most {@link #MAX_NODES} steps whatever the aliases name.
   */
  private static final class Bounds {
    private final String file;
    private final Set<Node> keysChecked = Collections.newSetFromMap(new IdentityHashMap<>());
    private int nodes;

    Bounds(String file) {
      this.file = file;
    }

    void check(Node n, String key, int depth) {
      if (++nodes > MAX_NODES) {
        // the path down a doubling alias is a string of indices nobody can read: name its key
        throw at(
            n,
            key.replaceFirst("\\[.*", ""),
            "expands to more than " + MAX_NODES + " nodes (each use of an alias counts)");
      }
      if (depth > MAX_DEPTH) {
        throw at(n, key, "nests deeper than " + MAX_DEPTH + " levels (aliases expanded)");
      }
      if (n instanceof ScalarNode s) {
        if (s.getValue().length() > MAX_SCALAR) {
          throw at(n, key, "a value longer than " + MAX_SCALAR + " characters");
        }
      } else if (n instanceof SequenceNode seq) {
        int i = 0;
        for (Node item : seq.getValue()) {
          check(item, key + "[" + i++ + "]", depth + 1);
        }
      } else if (n instanceof MappingNode m) {
        boolean first = keysChecked.add(m);
        Map<String, Integer> seen = first ? new java.util.HashMap<>() : null;
        for (NodeTuple t : m.getValue()) {
          String name = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
          String child = name == null ? key : key.isEmpty() ? name : key + "." + name;
          if (seen != null && name != null) {
            Integer line = seen.putIfAbsent(name, lineOf(t.getKeyNode()));
            if (line != null) {
              throw at(t.getKeyNode(), child, "duplicate key (first on line " + line + ")");
            }
          }
          check(t.getKeyNode(), child, depth + 1);
          check(t.getValueNode(), child, depth + 1);
        }
      }
    }

    private ValidationException at(Node n, String key, String reason) {
      return new ValidationException(file, lineOf(n), key.isEmpty() ? null : key, reason);
    }
  }

  private static int lineOf(Node n) {
    return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }

  /** The file this node came from. */
  public String file() {
    return file;
  }

  /** 1-based line of this node, or 0 when unknown. */
  public int line() {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  /** Where this node starts in its text (a tag included), in code points. */
  public int startIndex() {
    return node.getStartMark().getIndex();
  }

  /** Where this node ends in its text, in code points. */
  public int endIndex() {
    return node.getEndMark().getIndex();
  }

  /** Dotted path of this node's key within the file ("" for the root). */
  public String key() {
    return key;
  }

  /** A validation error at this node. */
  public ValidationException error(String reason) {
    return new ValidationException(file, line(), key.isEmpty() ? null : key, reason);
  }

  public boolean isMapping() {
    return node instanceof MappingNode;
  }

  public boolean isScalar() {
    return node instanceof ScalarNode;
  }

  public boolean isNull() {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  /** The entries of a mapping, in file order; fails when this is not a mapping. */
  public Map<String, YamlNode> entries() {
    if (!(node instanceof MappingNode mapping)) {
      throw error("expected a mapping, found " + kind());
    }
    Map<String, YamlNode> out = new LinkedHashMap<>();
    for (NodeTuple t : mapping.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw new YamlNode(file, key, t.getKeyNode()).error("keys must be plain strings");
      }
      String child = key.isEmpty() ? k.getValue() : key + "." + k.getValue();
      out.put(k.getValue(), new YamlNode(file, child, t.getValueNode()));
    }
    return out;
  }

  /** The entries of a root or nested mapping after checking that every key is allowed. */
  public Map<String, YamlNode> entries(Set<String> allowed) {
    Map<String, YamlNode> e = entries();
    for (Map.Entry<String, YamlNode> en : e.entrySet()) {
      if (!allowed.contains(en.getKey())) {
        throw en.getValue()
            .keyError(
                "unknown key; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
    return e;
  }

  private ValidationException keyError(String reason) {
    return new ValidationException(file, line(), key, reason);
  }

  /** The items of a sequence. */
  public List<YamlNode> items() {
    if (!(node instanceof SequenceNode seq)) {
      throw error("expected a list, found " + kind());
    }
    List<YamlNode> out = new ArrayList<>();
    int i = 0;
    for (Node n : seq.getValue()) {
      out.add(new YamlNode(file, key + "[" + i++ + "]", n));
    }
    return out;
  }

  /** A scalar as text; fails for lists, mappings and null. */
  public String text() {
    if (!(node instanceof ScalarNode s) || isNull()) {
      throw error("expected a string, found " + kind());
    }
    return s.getValue();
  }

  /** A scalar that must be a plain string (not a number or boolean). */
  public String string() {
    if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.STR)) {
      throw error("expected a string, found " + kind());
    }
    return s.getValue();
  }

  /** A scalar integer. */
  public long integer() {
    if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.INT)) {
      throw error("expected an integer, found " + kind());
    }
    try {
      return Long.parseLong(s.getValue().replace("_", ""));
    } catch (NumberFormatException e) {
      throw error("expected a decimal integer, found '" + s.getValue() + "'");
    }
  }

  /** A scalar boolean. */
  public boolean bool() {
    if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.BOOL)) {
      throw error("expected true or false, found " + kind());
    }
    String v = s.getValue().toLowerCase();
    return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y");
  }

  /** A list of plain strings. */
  public List<String> strings() {
    List<String> out = new ArrayList<>();
    for (YamlNode n : items()) {
      out.add(n.text());
    }
    return Collections.unmodifiableList(out);
  }

  /** This node as plain Java values: Map, List, String, Long/BigInteger, Double, Boolean, null. */
  public Object value() {
    return toValue(node);
  }

  /** True when this node carries the {@code !secret} tag. */
  public boolean isSecret() {
    return node.getTag().getValue().equals(Secret.TAG);
  }

  private Object toValue(Node n) {
    if (n.getTag().getValue().equals(Secret.TAG)) {
      YamlNode at = new YamlNode(file, key, n);
      if (!(n instanceof ScalarNode s)) {
        throw at.error(
            "a !secret value must be the armored text of one age file, not " + at.kind());
      }
      try {
        return new Secret(s.getValue());
      } catch (IllegalArgumentException e) {
        throw at.error(e.getMessage());
      }
    }
    if (n instanceof MappingNode m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          throw new YamlNode(file, key, t.getKeyNode()).error("keys must be plain strings");
        }
        out.put(k.getValue(), toValue(t.getValueNode()));
      }
      return Collections.unmodifiableMap(out);
    }
    if (n instanceof SequenceNode s) {
      List<Object> out = new ArrayList<>();
      for (Node item : s.getValue()) {
        out.add(toValue(item));
      }
      return Collections.unmodifiableList(out);
    }
    ScalarNode s = (ScalarNode) n;
    Tag tag = s.getTag();
    String v = s.getValue();
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL)) {
      String l = v.toLowerCase();
      return l.equals("true") || l.equals("yes") || l.equals("on") || l.equals("y");
    }
    if (tag.equals(Tag.INT)) {
      try {
        BigInteger b = new BigInteger(v.replace("_", ""));
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
      } catch (NumberFormatException e) {
        return v;
      }
    }
    if (tag.equals(Tag.FLOAT)) {
      try {
        return Double.parseDouble(v.replace("_", ""));
      } catch (NumberFormatException e) {
        return v;
      }
    }
    return v;
  }

  private String kind() {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    Tag t = node.getTag();
    if (t.equals(Tag.NULL)) {
      return "nothing (null)";
    }
    if (t.equals(Tag.INT)) {
      return "an integer";
    }
    if (t.equals(Tag.BOOL)) {
      return "a boolean";
    }
    if (t.equals(Tag.FLOAT)) {
      return "a number";
    }
    return "a string";
  }
}
