package io.roller.model.pkg;

import java.io.IOException;
import java.io.InputStream;

/**
 * Receives each validated entry of a package; {@code content} is the file's bytes (empty for
 * others).
 */
@FunctionalInterface
public interface EntryVisitor {
  /** Ignores every entry: for validating only. */
  EntryVisitor NONE = (entry, content) -> {};

  void visit(PackageEntry entry, InputStream content) throws IOException;
}
