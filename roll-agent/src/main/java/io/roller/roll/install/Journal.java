package io.roller.roll.install;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.roll.core.Json;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * The roll in progress, in /var/lib/roller/journal: which generations it moves between and how far
 * it got. Written (atomically, fsync'd) before each risky step; gone once the roll is committed.
 */
final class Journal {
  /** How far a roll got; the symlink itself says which side of the switch we are on. */
  enum Phase {
    BUILD,
    STOP,
    SWITCH,
    ROLLBACK
  }

  record Entry(String kind, int from, int to, Phase phase, String started) {
    Entry at(Phase p) {
      return new Entry(kind, from, to, p, started);
    }
  }

  private final Layout layout;

  Journal(Layout layout) {
    this.layout = layout;
  }

  void write(Entry e) {
    try {
      Json.writeAtomically(layout.journal(), e);
    } catch (IOException ex) {
      throw new RollException(
          "cannot write journal " + layout.journal() + ": " + ex.getMessage(), ex);
    }
  }

  /** A journal that exists but cannot say what the roll was doing. */
  static final class Broken extends RollException {
    Broken(String message) {
      super(message);
    }
  }

  /**
   * The roll in progress, if any. A journal without (or with an unknown) {@code phase} comes back
   * with a null phase; one that is empty, cut short or lacks kind, from or to is {@link Broken}.
   */
  Optional<Entry> read() {
    if (!Files.exists(layout.journal())) {
      return Optional.empty();
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(layout.journal().toFile());
    } catch (IOException ex) {
      String why =
          ex.getMessage() == null ? ex.toString() : ex.getMessage().lines().findFirst().orElse("");
      throw new Broken("journal " + layout.journal() + " cannot be read (" + why + ")");
    }
    if (n == null || !n.isObject()) {
      throw new Broken("journal " + layout.journal() + " is empty or not a JSON object");
    }
    String kind = n.path("kind").asText("");
    if (!(kind.equals("roll") || kind.equals("rollback"))
        || !n.path("from").isInt()
        || !n.path("to").isInt()) {
      throw new Broken("journal " + layout.journal() + " lacks its kind, from or to");
    }
    Phase phase = null;
    for (Phase p : Phase.values()) {
      if (p.name().equals(n.path("phase").asText())) {
        phase = p;
      }
    }
    return Optional.of(
        new Entry(
            kind,
            n.get("from").asInt(),
            n.get("to").asInt(),
            phase,
            n.path("started").asText(null)));
  }

  void clear() {
    try {
      Files.deleteIfExists(layout.journal());
    } catch (IOException ex) {
      throw new RollException(
          "cannot remove journal " + layout.journal() + ": " + ex.getMessage(), ex);
    }
  }
}
