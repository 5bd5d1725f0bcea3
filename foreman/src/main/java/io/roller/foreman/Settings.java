package io.roller.foreman;

import io.roller.common.RollConf;
import io.roller.foreman.core.ForemanException;
import io.roller.model.Names;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where the server and the hostname come from when the command line does not say, as for roll. */
final class Settings {
  private Settings() {}

  /** --server, else ROLLER_SERVER, else {@code server} in {@code <root>/etc/roller/roll.conf}. */
  static String server(String option, Map<String, String> env, Path root) {
    RollConf conf = conf(root);
    return conf.server(option, env)
        .orElseThrow(() -> new ForemanException(2, "no config server: " + conf.noServerHint()));
  }

  /**
   * --hostname, else roll.conf's, else the system's name as roll finds it (the resolver's, then
   * $HOSTNAME).
   */
  static String hostname(String option, Map<String, String> env, Path root) {
    String h =
        conf(root)
            .hostname(option, env)
            .orElseThrow(
                () -> new ForemanException(2, "cannot tell this host's name; give --hostname"))
            .toLowerCase(Locale.ROOT);
    if (!Names.isHostname(h)) {
      throw new ForemanException(2, "'" + h + "' is not a valid hostname");
    }
    return h;
  }

  private static RollConf conf(Path root) {
    try {
      return RollConf.read(root);
    } catch (UncheckedIOException e) {
      throw new ForemanException(1, e.getMessage());
    }
  }
}
