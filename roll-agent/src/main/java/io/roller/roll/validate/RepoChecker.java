package io.roller.roll.validate;

import io.roller.model.ConfigRepo;
import io.roller.model.HostclassVersion;
import io.roller.model.PackageRef;
import io.roller.model.RepoFile;
import io.roller.model.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads a config repo checkout from disk and lists every problem the server would report. */
public final class RepoChecker {
  private RepoChecker() {}

  /** A parsed checkout, with the bytes of the files that failed to parse (to find more errors). */
  record Checkout(ConfigRepo repo, Map<String, byte[]> failed) {}

  /** Every file of the checkout under the four trees, parsed; .git and other files are skipped. */
  public static ConfigRepo load(Path root) throws IOException {
    return read(root).repo();
  }

  static Checkout read(Path root) throws IOException {
    List<RepoFile> files = new ArrayList<>();
    Map<String, byte[]> failed = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        if (rel.startsWith(".git/")) {
          continue;
        }
        // a file over the limit is refused unread, as the server does
        byte[] bytes = Files.size(p) > RepoFile.MAX_BYTES ? null : Files.readAllBytes(p);
        RepoFile f =
            bytes == null
                ? RepoFile.tooLarge(rel)
                : RepoFile.parse(rel, bytes, Files.isExecutable(p));
        if (f != null) {
          files.add(f);
          if (f.error() != null && bytes != null) {
            failed.put(rel, bytes);
          }
        }
      }
    }
    return new Checkout(ConfigRepo.assemble(files), failed);
  }

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
