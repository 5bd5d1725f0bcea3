package io.roller.roll.install;

import io.roller.roll.Json;
import io.roller.roll.Layout;
import io.roller.roll.RollException;
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

  Optional<Entry> read() {
    if (!Files.exists(layout.journal())) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.read(layout.journal(), Entry.class));
    } catch (IOException ex) {
      throw new RollException(
          "cannot read journal " + layout.journal() + ": " + ex.getMessage(), ex);
    }
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
