package io.roller.server.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A git helper for machines without git (the demo, the benchmarks): {@code init SRC DEST} copies a
 * config repo into a new repository and commits it; {@code commit DIR MESSAGE} commits every change
 * of DIR's work tree. Prints the new commit id.
 */
public final class SeedRepo {
  private SeedRepo() {}

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  static int run(PrintStream out, PrintStream err, String... args) {
    try {
      if (args.length == 3 && args[0].equals("init")) {
        out.println(init(Path.of(args[1]), Path.of(args[2])));
        return 0;
      }
      if (args.length == 3 && args[0].equals("commit")) {
        out.println(commit(Path.of(args[1]), args[2]));
        return 0;
      }
      err.println("usage: SeedRepo init SRC_DIR DEST_DIR | SeedRepo commit REPO_DIR MESSAGE");
      return 2;
    } catch (IOException | GitAPIException e) {
      err.println("seed-repo: " + e.getMessage());
      return 1;
    }
  }

  static String init(Path src, Path dest) throws IOException, GitAPIException {
    try (Stream<Path> walk = Files.walk(src)) {
      for (Path p : walk.toList()) {
        Path target = dest.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(
              p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    try (Git git = Git.init().setDirectory(dest.toFile()).setInitialBranch("main").call()) {
      return commitAll(git, "Import config repo from " + src);
    }
  }

  static String commit(Path dir, String message) throws IOException, GitAPIException {
    try (Git git = Git.open(dir.toFile())) {
      return commitAll(git, message);
    }
  }

  private static String commitAll(Git git, String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    PersonIdent who = new PersonIdent("Roller demo", "demo@roller.invalid");
    RevCommit c =
        git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    return c.getName();
  }
}
