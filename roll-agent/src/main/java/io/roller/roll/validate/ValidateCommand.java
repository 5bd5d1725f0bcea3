package io.roller.roll.validate;

import io.roller.model.ConfigRepo;
import io.roller.model.HostclassVersion;
import io.roller.model.PackageRef;
import io.roller.model.ValidationException;
import io.roller.roll.core.Checkout;
import io.roller.roll.core.RollException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roll validate [REPO_DIR]}: checks a config repo checkout before it is committed. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    versionProvider = io.roller.roll.core.RollVersion.class,
    description = {
      "Check a config repo checkout: every file parses and validates and every reference resolves.",
      "Prints each problem as file:line and exits 1 if there is any; use it as a git pre-commit hook or a CI step."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "REPO_DIR",
      description = "The checkout (default: current directory).")
  Path repoDir = Path.of(".");

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "Also check that every package a hostclass names is on this config server.")
  URI server;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(repoDir)) {
      throw new RollException("validate: " + repoDir + " is not a directory");
    }
    if (Stream.of("colo", "hostclass", "host")
        .noneMatch(d -> Files.isDirectory(repoDir.resolve(d)))) {
      throw new RollException(
          "validate: "
              + repoDir
              + " is not a config repo (it has no colo/, hostclass/ or host/ directory)");
    }
    Checkout checkout = Checkout.read(repoDir);
    ConfigRepo repo = checkout.repo();
    List<ValidationException> problems = new ArrayList<>(RepoChecker.allProblems(checkout));
    problems.addAll(io.roller.roll.secret.SecretChecks.problems(repoDir, repo));
    if (server != null) {
      problems.addAll(missingPackages(repo));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JsonLines.result(repoDir.toString(), summary(repo), problems));
    } else {
      problems.forEach(p -> out.println(p.getMessage()));
      out.println(
          problems.isEmpty()
              ? "ok: " + summary(repo)
              : problems.size() + " problem(s); " + summary(repo));
    }
    out.flush();
    return problems.isEmpty() ? 0 : 1;
  }

  private static String summary(ConfigRepo repo) {
    int versions = repo.hostclasses().values().stream().mapToInt(m -> m.size()).sum();
    return repo.colos().size()
        + " colos, "
        + repo.hostclasses().size()
        + " hostclasses ("
        + versions
        + " versions), "
        + repo.hosts().size()
        + " hosts, "
        + repo.users().size()
        + " users";
  }

  private List<ValidationException> missingPackages(ConfigRepo repo) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<ValidationException> out = new ArrayList<>();
    for (PackageRef ref : RepoChecker.referencedPackages(repo)) {
      URI uri =
          io.roller.roll.fetch.Downloader.under(
              server, "package/" + ref.name() + "/" + ref.version());
      int status = status(http, uri);
      if (status == 404) {
        for (String file : namedBy(repo, ref)) {
          out.add(
              new ValidationException(file, 0, null, "package '" + ref + "' is not on " + server));
        }
      } else if (status != 200) {
        throw new RollException("validate: " + uri + " answered HTTP " + status);
      }
    }
    return out;
  }

  private static int status(HttpClient http, URI uri) {
    try {
      HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new RollException(
          "validate: cannot reach config server " + uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RollException("validate: interrupted", e);
    }
  }

  private static List<String> namedBy(ConfigRepo repo, PackageRef ref) {
    List<String> files = new ArrayList<>();
    repo.hostclasses()
        .forEach(
            (name, versions) -> {
              for (HostclassVersion hc : versions.values()) {
                if (hc.allPackages().contains(ref)) {
                  files.add("hostclass/" + name + "/" + hc.version() + ".yml");
                }
              }
            });
    return files;
  }
}
