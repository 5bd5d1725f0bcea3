package io.roller.server.packages;

import io.roller.model.PackageRef;
import java.util.Optional;

/** What the views need to know about stored packages: the metadata of one version, if stored. */
public interface PackageCatalog {
  /** A catalog that holds nothing (before a store is configured). */
  PackageCatalog EMPTY = ref -> Optional.empty();

  Optional<PackageMeta> find(PackageRef ref);
}
