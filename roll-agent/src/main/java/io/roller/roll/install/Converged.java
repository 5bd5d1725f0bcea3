package io.roller.roll.install;

import io.roller.roll.core.Json;
import io.roller.roll.core.Layout;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * The last roll that left the host converged: which server view (its ETag) produced which
 * generation, for which host and package set. Kept in /var/lib/roller/converged as a few lines of
 * text, read without JSON binding, so a no-op roll can ask the server "still this?" and stop at a
 * 304.
 */
public record Converged(
    String etag, String server, String hostname, boolean failsafe, int generation) {
  /**
   * The file's record, or null when there is none or it is unreadable (then the roll is a full
   * one).
   */
  public static Converged read(Layout layout) {
    try {
      List<String> l = Files.readAllLines(layout.converged(), StandardCharsets.UTF_8);
      if (l.size() < 5 || l.get(0).isEmpty()) {
        return null;
      }
      return new Converged(
          l.get(0), l.get(1), l.get(2), Boolean.parseBoolean(l.get(3)), Integer.parseInt(l.get(4)));
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  /** Records a converged roll; an ETag-less answer (an older server) removes the record. */
  public static void write(Layout layout, Converged c) throws IOException {
    if (c.etag() == null || c.etag().contains("\n")) {
      Files.deleteIfExists(layout.converged());
      return;
    }
    String text =
        String.join(
                "\n",
                c.etag(),
                c.server(),
                c.hostname(),
                Boolean.toString(c.failsafe()),
                Integer.toString(c.generation()))
            + "\n";
    Json.writeAtomically(layout.converged(), text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether this record may stand for the host now: same server, host and set, and the generation
   * it names is the one /usr/local points at and is complete (tree and record on disk).
   */
  public boolean describes(
      Layout layout, URI server, String hostname, boolean failsafe, int current) {
    return this.server.equals(server.toString())
        && this.hostname.equals(hostname)
        && this.failsafe == failsafe
        && generation == current
        && Files.isDirectory(layout.generation(current))
        && Files.isRegularFile(layout.record(current));
  }
}
