package io.roller.roll.cli;

import io.roller.roll.core.RollException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code <root>/etc/roller/roll.conf}, a properties file (DESIGN section 4): server, hostname,
 * interval, splay, report_token_file. Missing file: every key is absent.
 */
record RollConf(Path file, Properties props) {
  static RollConf read(Path root) {
    Path conf = root.resolve("etc/roller/roll.conf");
    Properties p = new Properties();
    if (Files.isRegularFile(conf)) {
      try (Reader r = Files.newBufferedReader(conf)) {
        p.load(r);
      } catch (IOException e) {
        throw new RollException("cannot read " + conf + ": " + e.getMessage(), e);
      }
    }
    return new RollConf(conf, p);
  }

  /** The trimmed value, or null when absent or blank. */
  String get(String key) {
    String v = props.getProperty(key);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
