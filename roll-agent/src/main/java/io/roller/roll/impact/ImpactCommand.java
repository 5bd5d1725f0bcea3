package io.roller.roll.impact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roller.common.HttpGet;
import io.roller.roll.core.Environment;
import io.roller.roll.core.RollException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code roll impact --server URL --to REV}: which hosts a commit or branch changes, asked of the
 * config server's {@code GET /impact}; exit 1 when any host would fail, for CI and git hooks.
 *
 * <p>About 300 lines, most of them the printing of the server's answer as text (groups, params,
 * packages, failures); the request itself is a few lines.
 */
@Command(
    name = "impact",
    mixinStandardHelpOptions = true,
    description = {
      "Show every host a commit, branch or tag would change, before it is merged or rolled:",
      "params (old -> new, and the file defining each), packages, services that restart, hosts",
      "added, removed and failing. Hosts that change the same way are listed together."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no host would fail",
      "1:a host would fail to resolve, get a package or render (or the server refused)",
      "2:usage error"
    })
public final class ImpactCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Hosts named per group before "and N more". */
  static final int NAMED = 8;

  @Spec CommandSpec spec;

  /** roll, whose environment holds ROLLER_SERVER; null when this command runs on its own. */
  @ParentCommand Environment parent;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "The config server (default: $ROLLER_SERVER).")
  URI server;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "REV",
      description = "The commit, branch or tag to judge.")
  String to;

  @Option(
      names = "--from",
      paramLabel = "REV",
      description = "What it is judged against (default: the branch the server serves).")
  String from;

  @Option(
      names = "--render",
      description = "Also render every changed host's templates from the stored packages.")
  boolean render;

  @Option(names = "--json", description = "Print the server's answer as one line of JSON.")
  boolean json;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Default: ${DEFAULT-VALUE}.")
  int timeout = 120;

  @Override
  public Integer call() {
    URI base = server != null ? server : fromEnv();
    JsonNode a = fetch(base);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(a.toString());
    } else {
      print(out, a, to, from == null ? "the served branch" : from);
    }
    out.flush();
    return a.path("failing").isEmpty() && a.path("render_failures").isEmpty() ? 0 : 1;
  }

  private URI fromEnv() {
    Map<String, String> vars = parent == null ? System.getenv() : parent.environment();
    String env = vars.get("ROLLER_SERVER");
    if (env == null || env.isBlank()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "impact: give --server URL (or set ROLLER_SERVER)");
    }
    return URI.create(env.trim());
  }

  private JsonNode fetch(URI base) {
    StringBuilder q = new StringBuilder("impact?to=").append(enc(to));
    if (from != null) {
      q.append("&from=").append(enc(from));
    }
    if (render) {
      q.append("&render=true");
    }
    String root = base.toString().replaceAll("/+$", "");
    URI uri = io.roller.roll.fetch.Downloader.under(base, q.toString());
    try {
      HttpGet.Response r =
          HttpGet.get(uri, Map.of("Accept", "application/json"), Duration.ofSeconds(timeout));
      if (r.status() != 200) {
        throw new RollException("impact: " + root + " answered " + r.status() + ": " + r.detail());
      }
      JsonNode body = parse(r.body());
      if (body == null || !body.has("changed")) {
        throw new RollException("impact: " + uri + " did not answer an impact");
      }
      return body;
    } catch (IOException e) {
      throw new RollException("impact: cannot reach " + root + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---- readable output

  static void print(PrintWriter out, JsonNode a, String toName, String fromName) {
    JsonNode t = a.path("totals");
    out.printf(
        "impact of %s against %s: %d changed, %d added, %d removed, %d fixed, %d failing%s%n",
        label(toName, a.path("to").asText()),
        label(fromName, a.path("from").asText()),
        t.path("changed").asInt(),
        t.path("added").asInt(),
        t.path("removed").asInt(),
        t.path("fixed").asInt(),
        t.path("failing").asInt(),
        a.path("rendered").asBoolean()
            ? ", " + t.path("render_failures").asInt() + " render failures"
            : "");
    if (t.path("already_failing").asInt() > 0) {
      out.printf(
          "  (%d hosts fail at both revisions the same way; not listed)%n",
          t.path("already_failing").asInt());
    }
    counts(out, "by colo", a.path("by_colo"));
    counts(out, "by hostclass", a.path("by_hostclass"));
    for (JsonNode g : a.path("changed")) {
      out.println();
      out.println(hosts(g.path("count").asInt(), g.path("hosts")));
      JsonNode c = g.path("change");
      for (JsonNode m : c.path("moved")) {
        out.printf(
            "    %s: %s -> %s%n",
            m.path("what").asText(), m.path("old").asText(), m.path("new").asText());
      }
      for (JsonNode p : c.path("params")) {
        out.printf("    param %s: %s  (%s)%n", p.path("name").asText(), paramChange(p), files(p));
      }
      for (JsonNode p : c.path("packages")) {
        String change = p.path("change").asText();
        out.printf(
            "    package %s: %s%n",
            p.path("name").asText(),
            change.equals("added")
                ? "added " + p.path("new").asText()
                : change.equals("removed")
                    ? "removed " + p.path("old").asText()
                    : p.path("old").asText() + " -> " + p.path("new").asText());
      }
      if (!c.path("restart").isEmpty()) {
        List<String> s = new ArrayList<>();
        c.path("restart").forEach(n -> s.add(n.asText()));
        out.println("    restarts: " + String.join(", ", s));
      }
    }
    list(out, "added", a.path("added"));
    list(out, "removed", a.path("removed"));
    list(out, "fixed (failing before, resolve now)", a.path("fixed"));
    grouped(
        out,
        "FAILING",
        a.path("failing"),
        f ->
            f.path("file").asText()
                + (f.path("line").asInt() > 0 ? ":" + f.path("line").asInt() : "")
                + ": "
                + (f.path("key").isTextual() ? "key '" + f.path("key").asText() + "': " : "")
                + f.path("reason").asText());
    grouped(
        out,
        "TEMPLATES THAT DO NOT RENDER",
        a.path("render_failures"),
        f ->
            "package "
                + f.path("package").asText()
                + ": template "
                + f.path("template").asText()
                + (f.path("line").asInt() > 0 ? " (line " + f.path("line").asInt() + ")" : "")
                + (f.path("variable").isTextual()
                    ? " names unknown variable '" + f.path("variable").asText() + "'"
                    : ": " + f.path("error").asText()));
  }

  private static String label(String name, String rev) {
    String id = rev.length() > 12 ? rev.substring(0, 12) : rev;
    return rev.startsWith(name) ? id : name + " (" + id + ")";
  }

  private static void counts(PrintWriter out, String title, JsonNode counts) {
    if (counts.isEmpty()) {
      return;
    }
    List<String> parts = new ArrayList<>();
    counts
        .fields()
        .forEachRemaining(
            e -> {
              List<String> n = new ArrayList<>();
              for (String k : List.of("changed", "added", "removed", "failing")) {
                int v = e.getValue().path(k).asInt();
                if (v > 0) {
                  n.add(v + " " + k);
                }
              }
              parts.add(e.getKey() + " " + String.join(" ", n));
            });
    out.println("  " + title + ": " + String.join(", ", parts));
  }

  private static String hosts(int count, JsonNode names) {
    List<String> n = new ArrayList<>();
    for (int i = 0; i < Math.min(NAMED, names.size()); i++) {
      n.add(names.get(i).asText());
    }
    String more = count > n.size() ? ", and " + (count - n.size()) + " more" : "";
    return count + (count == 1 ? " host: " : " hosts: ") + String.join(", ", n) + more;
  }

  /** A secret says only that it changed (its sha256 is in --json); other params old -> new. */
  private static String paramChange(JsonNode p) {
    if (isSecret(p.path("old")) || isSecret(p.path("new"))) {
      return isSecret(p.path("old")) && isSecret(p.path("new"))
          ? "secret changed"
          : isSecret(p.path("new")) ? "secret added" : "secret removed";
    }
    return value(p.path("old")) + " -> " + value(p.path("new"));
  }

  private static boolean isSecret(JsonNode v) {
    return v.isObject() && v.size() == 1 && v.path(io.roller.model.Secret.VIEW_KEY).isTextual();
  }

  private static String value(JsonNode v) {
    return v.isMissingNode() || v.isNull() ? "(unset)" : v.isTextual() ? v.asText() : v.toString();
  }

  private static String files(JsonNode p) {
    String a = p.path("old_file").isTextual() ? p.path("old_file").asText() : "-";
    String b = p.path("new_file").isTextual() ? p.path("new_file").asText() : "-";
    return a.equals(b) ? a : a + " -> " + b;
  }

  private static void list(PrintWriter out, String title, JsonNode names) {
    if (names.isEmpty()) {
      return;
    }
    out.println();
    out.println(title + ": " + hosts(names.size(), names));
  }

  /** Entries that say the same thing (one broken colo file fails all its hosts) are one line. */
  private static void grouped(
      PrintWriter out,
      String title,
      JsonNode entries,
      java.util.function.Function<JsonNode, String> key) {
    if (entries.isEmpty()) {
      return;
    }
    Map<String, List<JsonNode>> by = new LinkedHashMap<>();
    entries.forEach(e -> by.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e));
    out.println();
    out.println(title + " (" + entries.size() + "):");
    by.forEach(
        (line, es) -> {
          out.println("  " + line);
          com.fasterxml.jackson.databind.node.ArrayNode names = JSON.createArrayNode();
          es.forEach(e -> names.add(e.path("host").asText()));
          out.println("    " + hosts(es.size(), names));
        });
  }
}
