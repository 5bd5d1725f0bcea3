package io.roller.roll.core;

import io.roller.model.ConfigRepo;
import io.roller.model.RepoFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A config repo checkout read from disk, with the bytes of the files that failed to parse (to find
 * more errors in them).
 */
public record Checkout(ConfigRepo repo, Map<String, byte[]> failed) {
  /** Every file of the checkout under the four trees, parsed; .git and other files are skipped. */
  public static ConfigRepo load(Path root) throws IOException {
    return read(root).repo();
  }

  public static Checkout read(Path root) throws IOException {
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
}
