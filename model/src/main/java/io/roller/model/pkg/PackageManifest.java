package io.roller.model.pkg;

import io.roller.model.Durations;
import io.roller.model.Names;
import io.roller.model.ValidationException;
import io.roller.model.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A package's {@code .roller/package.yml}: the services it runs and its cron entries. */
public record PackageManifest(List<Service> services, List<Cron> cron) {
  /** Where the manifest lives inside a package. */
  public static final String PATH = ".roller/package.yml";

  /** The manifest of a package without one. */
  public static final PackageManifest EMPTY = new PackageManifest(List.of(), List.of());

  /** A service's check timeout when the manifest gives none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Set<String> ROOT_KEYS = Set.of("services", "cron");
  private static final Set<String> SERVICE_KEYS =
      Set.of("name", "start", "stop", "check", "timeout");
  private static final Set<String> CRON_KEYS = Set.of("name", "schedule", "command", "user");

  public PackageManifest {
    services = List.copyOf(services);
    cron = List.copyOf(cron);
  }

  /** One long-running service; commands run with cwd /usr/local. {@code check} may be null. */
  public record Service(String name, String start, String stop, String check, Duration timeout) {}

  /** One cron entry; {@code user} null means root. */
  public record Cron(String name, String schedule, String command, String user) {}

  /**
   * Parses and validates a manifest; a {@link ValidationException} names the file, line and key.
   */
  public static PackageManifest parse(String file, String yamlText) {
    Map<String, YamlNode> root = YamlNode.parse(file, yamlText).entries(ROOT_KEYS);
    List<Service> services = new ArrayList<>();
    List<Cron> cron = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    if (root.containsKey("services") && !root.get("services").isNull()) {
      for (YamlNode item : root.get("services").items()) {
        Service s = service(item);
        if (!seen.add("service " + s.name())) {
          throw item.entries().get("name").error("duplicate service name '" + s.name() + "'");
        }
        services.add(s);
      }
    }
    if (root.containsKey("cron") && !root.get("cron").isNull()) {
      for (YamlNode item : root.get("cron").items()) {
        Cron c = cron(item);
        if (!seen.add("cron " + c.name())) {
          throw item.entries().get("name").error("duplicate cron name '" + c.name() + "'");
        }
        cron.add(c);
      }
    }
    return new PackageManifest(services, cron);
  }

  private static Service service(YamlNode item) {
    Map<String, YamlNode> e = item.entries(SERVICE_KEYS);
    String name = name(item, e);
    String start = command(item, e, "start", true);
    String stop = command(item, e, "stop", true);
    String check = command(item, e, "check", false);
    Duration timeout = e.containsKey("timeout") ? duration(e.get("timeout")) : DEFAULT_TIMEOUT;
    return new Service(name, start, stop, check, timeout);
  }

  private static Cron cron(YamlNode item) {
    Map<String, YamlNode> e = item.entries(CRON_KEYS);
    String name = name(item, e);
    YamlNode scheduleNode = required(item, e, "schedule");
    String schedule = scheduleNode.text().trim().replaceAll("\\s+", " ");
    String bad = CronSchedule.problem(schedule);
    if (bad != null) {
      throw scheduleNode.error(bad);
    }
    String command = command(item, e, "command", true);
    if (command.matches(".*(?<!\\\\)%.*")) {
      // cron(8) turns an unescaped % into a newline, which would silently change the command
      throw e.get("command").error("unescaped '%' (cron reads it as a newline); write \\%");
    }
    String user = null;
    if (e.containsKey("user")) {
      user = e.get("user").text();
      if (!Names.isLogin(user)) {
        throw e.get("user").error("bad user '" + user + "': want a login [a-z_][a-z0-9_-]{0,31}");
      }
    }
    return new Cron(name, schedule, command, user);
  }

  private static String name(YamlNode item, Map<String, YamlNode> e) {
    YamlNode n = required(item, e, "name");
    String name = n.text();
    if (!Names.isName(name)) {
      throw n.error("bad name '" + name + "': want [a-z0-9][a-z0-9._-]*");
    }
    return name;
  }

  private static String command(
      YamlNode item, Map<String, YamlNode> e, String key, boolean required) {
    if (!required && !e.containsKey(key)) {
      return null;
    }
    YamlNode n = required(item, e, key);
    String cmd = n.text().trim();
    if (cmd.isEmpty()) {
      throw n.error("empty command");
    }
    if (cmd.contains("\n") || cmd.contains("\r") || cmd.contains("\0")) {
      throw n.error("a command must be one line");
    }
    return cmd;
  }

  private static YamlNode required(YamlNode item, Map<String, YamlNode> e, String key) {
    YamlNode n = e.get(key);
    if (n == null || n.isNull()) {
      throw item.error("missing required key '" + key + "'");
    }
    return n;
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
  static Duration duration(YamlNode n) {
    Duration d;
    try {
      d = Durations.parse(n.text(), true);
    } catch (IllegalArgumentException e) {
      throw n.error(e.getMessage());
    }
    if (d.isZero()) {
      throw n.error("timeout must be more than zero");
    }
    return d;
  }
}
