package io.roller.foreman;

import io.roller.foreman.core.ForemanException;
import io.roller.model.Names;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Where the server and the hostname come from when the command line does not say, as for roll. */
final class Settings {
  private Settings() {}

  /** --server, else ROLLER_SERVER, else {@code server} in {@code <root>/etc/roller/roll.conf}. */
  static String server(String option, Map<String, String> env, Path root) {
    if (option != null && !option.isBlank()) {
      return option.trim();
    }
    String fromEnv = env.get("ROLLER_SERVER");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    Path conf = root.resolve("etc/roller/roll.conf");
    if (Files.isRegularFile(conf)) {
      // the same reading as roll's: a properties file, `server = URL`
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new ForemanException(1, "cannot read " + conf + ": " + e.getMessage());
      }
      String v = p.getProperty("server");
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    throw new ForemanException(
        2,
        "no config server: give --server URL, set ROLLER_SERVER, or put `server = URL` in " + conf);
  }

  /** --hostname, else the system's name as roll finds it (the resolver's, then $HOSTNAME). */
  static String hostname(String option, Map<String, String> env) {
    String h = option;
    if (h == null || h.isBlank()) {
      try {
        h = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        h = env.get("HOSTNAME");
        if (h == null || h.isBlank()) {
          throw new ForemanException(2, "cannot tell this host's name; give --hostname");
        }
      }
    }
    h = h.strip().toLowerCase(Locale.ROOT);
    if (!Names.isHostname(h)) {
      throw new ForemanException(2, "'" + h + "' is not a valid hostname");
    }
    return h;
  }
}
