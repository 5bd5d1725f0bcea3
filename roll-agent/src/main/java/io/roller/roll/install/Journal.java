package io.roller.roll.install;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.roll.core.Json;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import io.roller.roll.plan.Journaled;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * The plan in progress, in /var/lib/roller/journal: its kind, which generations it moves between
 * and how far it got ({@link Journaled}). Written (atomically, fsync'd) before each risky step;
 * gone once the plan is committed or abandoned.
 */
final class Journal {

  private final Layout layout;

  Journal(Layout layout) {
    this.layout = layout;
  }

  void write(Journaled e) {
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
   * The plan in progress, if any. A journal without (or with an unknown) {@code phase} comes back
   * with a null phase; one that is empty, cut short or lacks kind, from or to is {@link Broken}.
   * Every kind a roll has written is read, {@code reuse} included (read as broken before the
   * executor ran recovery plans, when such a journal was gone by /usr/local instead).
   */
  Optional<Journaled> read() {
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
    if (!Journaled.known(kind) || !n.path("from").isInt() || !n.path("to").isInt()) {
      throw new Broken("journal " + layout.journal() + " lacks its kind, from or to");
    }
    Journaled.Phase phase = null;
    for (Journaled.Phase p : Journaled.Phase.values()) {
      if (p.name().equals(n.path("phase").asText())) {
        phase = p;
      }
    }
    return Optional.of(
        new Journaled(
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
