package io.roller.server.bootstrap;

import io.roller.model.Names;
import io.roller.model.Sha256;
import io.roller.server.core.DomainException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The self-contained roll bundle a blank host installs, and the script that installs it. The
 * bundle's sha256 is computed once at start and baked into the script, so a host refuses a bundle
 * that changed or was cut short on the way.
 */
public record AgentBundle(Path file, String sha256, long size) {
  /** What a bootstrap script may be given as its server: no quotes, spaces or shell syntax. */
  public static final Pattern PUBLIC_URL =
      Pattern.compile("https?://[A-Za-z0-9.\\[\\]:_-]+(/[A-Za-z0-9._~/-]*)?");

  private static final String SCRIPT = readScript();

  /** Hashes the bundle; a missing file is an error at start, not at the first bootstrap. */
  public static AgentBundle open(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new AgentBundle(file, Sha256.of(in), Files.size(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read agent bundle " + file + ": " + e.getMessage(), e);
    }
  }

  /** The bootstrap script for a server reached at {@code serverUrl}, for an optional hostname. */
  public String script(String serverUrl, String hostname) {
    if (hostname != null && !hostname.isEmpty() && !Names.isHostname(hostname)) {
      throw DomainException.badRequest("bad hostname '" + hostname + "': want a DNS name");
    }
    if (!PUBLIC_URL.matcher(serverUrl).matches()) {
      throw DomainException.badRequest(
          "cannot build a bootstrap script for server URL '" + serverUrl + "'");
    }
    return SCRIPT
        .replace("@SERVER@", serverUrl)
        .replace("@SHA256@", sha256)
        .replace("@HOSTNAME@", hostname == null ? "" : hostname);
  }

  private static String readScript() {
    try (InputStream in = AgentBundle.class.getResourceAsStream("bootstrap.sh")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("bootstrap.sh is missing from the jar", e);
    }
  }
}
