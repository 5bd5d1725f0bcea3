package io.roller.server;

import io.roller.server.bootstrap.AgentBundle;
import io.roller.server.packages.PackageOptions;
import io.roller.server.reports.ReportOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a config server runs: the repo (a local path, bare or not, or a remote URL cloned into {@code
 * cacheDir}), the branch it serves, where it listens, how often it fetches, and its package store.
 * Port 0 picks a free port; a zero poll turns polling off (then only {@code POST /refresh}
 * fetches). {@code agentBundle} is the self-contained roll bundle that {@code GET /bootstrap}
 * installs on blank hosts (null: bootstrap is off). {@code publicUrl} is the URL hosts reach this
 * server at, written into the bootstrap script (null: {@code http://<this machine's name>:<port>},
 * or the bind address when bound to one). {@code refreshTokenFile} holds the token {@code POST
 * /refresh} then requires (null: anyone may refresh). {@code reports}: where fleet reports live
 * (default: {@code <cacheDir>/reports}, or S3 when the package store is on S3).
 */
public record ServerOptions(
    String repo,
    String branch,
    String bind,
    int port,
    Duration poll,
    Path cacheDir,
    PackageOptions packages,
    Path agentBundle,
    String publicUrl,
    Path refreshTokenFile,
    ReportOptions reports) {

  public ServerOptions {
    Objects.requireNonNull(repo, "repo");
    branch = branch == null ? "main" : branch;
    bind = bind == null ? "0.0.0.0" : bind;
    poll = poll == null ? Duration.ofSeconds(30) : poll;
    cacheDir =
        cacheDir == null
            ? Path.of(System.getProperty("java.io.tmpdir"), "roller-config-server")
            : cacheDir;
    reports = reports == null ? ReportOptions.local(cacheDir.resolve("reports")) : reports;
    if (publicUrl != null) {
      publicUrl = publicUrl.replaceAll("/+$", "");
      if (!AgentBundle.PUBLIC_URL.matcher(publicUrl).matches()) {
        throw new IllegalArgumentException(
            "--public-url '" + publicUrl + "': want http(s)://HOST[:PORT][/PATH]");
      }
    }
  }

  /** The production defaults for a repo: branch main, 0.0.0.0:8080, poll 30s, no package store. */
  public static ServerOptions defaults(String repo) {
    return new ServerOptions(
        repo, "main", "0.0.0.0", 8080, Duration.ofSeconds(30), null, null, null, null, null, null);
  }

  /**
   * For tests: a local repo on 127.0.0.1, a random port, no polling, clones under {@code cacheDir}.
   */
  public static ServerOptions forTest(Path repo, Path cacheDir) {
    return new ServerOptions(
        repo.toString(),
        "main",
        "127.0.0.1",
        0,
        Duration.ZERO,
        cacheDir,
        null,
        null,
        null,
        null,
        null);
  }

  public ServerOptions withRepo(String r) {
    return new ServerOptions(
        r,
        branch,
        bind,
        port,
        poll,
        cacheDir,
        packages,
        agentBundle,
        publicUrl,
        refreshTokenFile,
        reports);
  }

  public ServerOptions withBranch(String b) {
    return new ServerOptions(
        repo,
        b,
        bind,
        port,
        poll,
        cacheDir,
        packages,
        agentBundle,
        publicUrl,
        refreshTokenFile,
        reports);
  }

  public ServerOptions withBind(String b) {
    return new ServerOptions(
        repo,
        branch,
        b,
        port,
        poll,
        cacheDir,
        packages,
        agentBundle,
        publicUrl,
        refreshTokenFile,
        reports);
  }

  public ServerOptions withPort(int p) {
    return new ServerOptions(
        repo,
        branch,
        bind,
        p,
        poll,
        cacheDir,
        packages,
        agentBundle,
        publicUrl,
        refreshTokenFile,
        reports);
  }

  public ServerOptions withPoll(Duration p) {
    return new ServerOptions(
        repo,
        branch,
        bind,
        port,
        p,
        cacheDir,
        packages,
        agentBundle,
        publicUrl,
        refreshTokenFile,
        reports);
  }

  public ServerOptions withCacheDir(Path c) {
    return new ServerOptions(
        repo,
        branch,
        bind,
        port,
        poll,
        c,
        packages,
        agentBundle,
        publicUrl,
        refreshTokenFile,
        reports);
  }

  public ServerOptions withPackages(PackageOptions p) {
    return new ServerOptions(
        repo,
        branch,
        bind,
        port,
        poll,
        cacheDir,
        p,
        agentBundle,
        publicUrl,
        refreshTokenFile,
        reports);
  }

  public ServerOptions withAgentBundle(Path bundle) {
    return new ServerOptions(
        repo,
        branch,
        bind,
        port,
        poll,
        cacheDir,
        packages,
        bundle,
        publicUrl,
        refreshTokenFile,
        reports);
  }

  public ServerOptions withPublicUrl(String url) {
    return new ServerOptions(
        repo,
        branch,
        bind,
        port,
        poll,
        cacheDir,
        packages,
        agentBundle,
        url,
        refreshTokenFile,
        reports);
  }

  public ServerOptions withRefreshTokenFile(Path file) {
    return new ServerOptions(
        repo, branch, bind, port, poll, cacheDir, packages, agentBundle, publicUrl, file, reports);
  }

  public ServerOptions withReports(ReportOptions r) {
    return new ServerOptions(
        repo,
        branch,
        bind,
        port,
        poll,
        cacheDir,
        packages,
        agentBundle,
        publicUrl,
        refreshTokenFile,
        r);
  }
}
