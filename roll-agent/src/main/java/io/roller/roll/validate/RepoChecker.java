package io.roller.roll.validate;

import io.roller.model.ConfigRepo;
import io.roller.model.HostclassVersion;
import io.roller.model.PackageRef;
import io.roller.model.ValidationException;
import io.roller.roll.core.Checkout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Reads a config repo checkout from disk and lists every problem the server would report. */
public final class RepoChecker {
  private RepoChecker() {}

  /** Every problem of every file, in path order; a file that fails to parse may have several. */
  static List<ValidationException> allProblems(Checkout c) {
    List<ValidationException> out = new ArrayList<>();
    for (ValidationException e : problems(c.repo())) {
      byte[] bytes = c.failed().get(e.file());
      out.addAll(bytes == null ? List.of(e) : FileProblems.of(e.file(), bytes, false, e));
    }
    return out;
  }

  /** The repo's problems, one per file at fault, in path order. */
  static List<ValidationException> problems(ConfigRepo repo) {
    Map<String, ValidationException> byFile = new TreeMap<>(repo.fileErrors());
    repo.hostErrors().values().forEach(e -> byFile.putIfAbsent(e.file(), e));
    return List.copyOf(byFile.values());
  }

  /** Every package any hostclass version names, in order. */
  static List<PackageRef> referencedPackages(ConfigRepo repo) {
    TreeMap<String, PackageRef> refs = new TreeMap<>();
    for (NavigableMap<String, HostclassVersion> versions : repo.hostclasses().values()) {
      for (HostclassVersion hc : versions.values()) {
        hc.allPackages().forEach(r -> refs.putIfAbsent(r.toString(), r));
      }
    }
    return List.copyOf(refs.values());
  }
}
