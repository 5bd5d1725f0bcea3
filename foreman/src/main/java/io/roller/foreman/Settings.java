package io.roller.foreman;

import io.roller.model.Names;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

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
    try {
      for (String line : Files.readAllLines(conf, StandardCharsets.UTF_8)) {
        String l = line.strip();
        // roll.conf lines are `server = URL` (or `server: URL`); other keys are roll's
        if (l.startsWith("server") && l.length() > 6 && (l.charAt(6) == '=' || l.charAt(6) == ':' || l.charAt(6) == ' ')) {
          String v = l.substring(6).strip();
          v = v.startsWith("=") || v.startsWith(":") ? v.substring(1).strip() : v;
          if (!v.isEmpty()) {
            return v;
          }
        }
      }
    } catch (NoSuchFileException e) {
      // fall through to the usage error
    } catch (IOException e) {
      throw new ForemanException(1, "cannot read " + conf + ": " + e.getMessage());
    }
    throw new ForemanException(2, "no config server: give --server URL, set ROLLER_SERVER, or put `server = URL` in " + conf);
  }

  /** --hostname, else the kernel's hostname. */
  static String hostname(String option) {
    String h = option;
    if (h == null || h.isBlank()) {
      try {
        h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      } catch (IOException e) {
        try {
          h = InetAddress.getLocalHost().getHostName();
        } catch (IOException e2) {
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
