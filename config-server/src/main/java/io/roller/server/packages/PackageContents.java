package io.roller.server.packages;

import io.roller.model.PackageRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What the impact view needs of the stored packages: each one's services and templates. */
public interface PackageContents {
  /** Empty when the server does not have the package. */
  Optional<Contents> of(PackageRef ref);

  /** A stored package's service names (manifest order) and its templates' text by path. */
  record Contents(List<String> services, Map<String, String> templates) {
    public Contents {
      services = List.copyOf(services);
      templates = java.util.Collections.unmodifiableMap(new TreeMap<>(templates));
    }
  }
}
