package io.roller.common;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code <root>/etc/roller/roll.conf}, a properties file (DESIGN section 4: server, hostname,
 * interval, splay, report_token_file), and the one reading of where this host's server and name
 * come from when the command line does not say, shared by roll and foreman. A missing file has
 * every key absent.
 */
public record RollConf(Path file, Properties props) {
  /** Reads the file under {@code root}; an unreadable file is an UncheckedIOException naming it. */
  public static RollConf read(Path root) {
    Path conf = root.resolve("etc/roller/roll.conf");
    Properties p = new Properties();
    if (Files.isRegularFile(conf)) {
      try (Reader r = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + conf + ": " + e.getMessage(), e);
      }
    }
    return new RollConf(conf, p);
  }

  /** The trimmed value, or null when absent or blank. */
  public String get(String key) {
    String v = props.getProperty(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** --server, else $ROLLER_SERVER, else {@code server} here; empty when none says. */
  public Optional<String> server(String option, Map<String, String> env) {
    return first(option, env.get("ROLLER_SERVER"), get("server"));
  }

  /** What to tell an operator who gave no server. */
  public String noServerHint() {
    return "give --server URL, set ROLLER_SERVER, or put `server = URL` in " + file;
  }

  /**
   * --hostname, else {@code hostname} here, else the system's name (the resolver's, then
   * $HOSTNAME), lower-cased; empty when nothing tells. Not validated: each caller says how.
   */
  public Optional<String> hostname(String option, Map<String, String> env) {
    Optional<String> given = first(option, get("hostname"));
    if (given.isPresent()) {
      return given;
    }
    String h;
    try {
      h = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      h = env.get("HOSTNAME");
    }
    return first(h).map(s -> s.toLowerCase(Locale.ROOT));
  }

  private static Optional<String> first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return Optional.of(v.strip());
      }
    }
    return Optional.empty();
  }
}
