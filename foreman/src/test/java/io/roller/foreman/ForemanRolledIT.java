package io.roller.foreman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.server.ConfigServer;
import io.roller.server.ServerOptions;
import io.roller.server.packages.PackageOptions;
import io.roller.server.testing.TestRepo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built foreman package uploaded to the real server, rolled onto a host by the real roll agent,
 * with the java-runtime-17 package it runs on, then run from the host's /usr/local as cron would.
 */
class ForemanRolledIT {
  /** The runtime the launcher runs on, built by roll-agent (before foreman in the reactor). */
  static final Path RUNTIME = Path.of("../roll-agent/target/java-runtime-17-1.0.0.tar.gz");

  @TempDir Path tmp;

  private static void upload(ConfigServer server, String name, Path tarball) throws Exception {
    HttpResponse<String> up =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(server.url() + "/package/" + name + "/1.0.0.tar.gz"))
                    .header("Authorization", "Bearer it-token")
                    .PUT(HttpRequest.BodyPublishers.ofFile(tarball))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertTrue(
        up.statusCode() == 200 || up.statusCode() == 201,
        name + ": " + up.statusCode() + " " + up.body());
  }

  @Test
  void theForemanPackageRolledOntoAHostLeavesItsCronEntryAndSyncsUsers() throws Exception {
    Files.writeString(tmp.resolve("token"), "it-token");
    try (TestRepo repo = TestRepo.empty(tmp.resolve("repo"))) {
      repo.write("colo/nyc1.yml", "params: {}\n")
          .write(
              "hostclass/base/1.yml",
              "packages:\n  production: [foreman-1.0.0, java-runtime-17-1.0.0]\n"
                  + "  failsafe: [foreman-1.0.0, java-runtime-17-1.0.0]\n")
          .write("host/base01.nyc1.yml", "colo: nyc1\nhostclass: base\nversion: 1\n")
          .write(
              "users/jane.yml",
              "uid: 2001\ncomment: Jane Doe\nshell: /bin/bash\nssh_keys: [\""
                  + Fixtures.key("jane")
                  + "\"]\naccess: {all: true}\n")
          .commit("base01 with foreman");
      PackageOptions packages =
          new PackageOptions(tmp.resolve("packages"), null, null, null, null, tmp.resolve("token"));
      ConfigServer server =
          ConfigServer.start(
              ServerOptions.forTest(repo.path(), tmp.resolve("cache")).withPackages(packages));
      try {
        upload(server, "foreman", ForemanPackageIT.TARBALL);
        upload(server, "java-runtime-17", RUNTIME);

        Path root = Fixtures.debianRoot(tmp.resolve("root"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc =
            io.roller.roll.Main.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(),
                "--server",
                server.url(),
                "--hostname",
                "base01.nyc1",
                "--root",
                root.toString());
        assertEquals(0, rc, out + "\n" + err);
        String cron = Files.readString(root.resolve("etc/cron.d/roller"));
        assertTrue(cron.contains("*/10 * * * * root /usr/local/bin/foreman sync --splay 5m"), cron);

        // what cron runs, from the rolled /usr/local (a symlink to the generation), against this
        // root
        Process p =
            new ProcessBuilder(
                    root.resolve("usr/local/bin/foreman").toString(),
                    "sync",
                    "--splay",
                    "0",
                    "--server",
                    server.url(),
                    "--hostname",
                    "base01.nyc1",
                    "--root",
                    root.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log);
        assertTrue(
            Files.readAllLines(root.resolve("etc/passwd"))
                .contains("jane:x:2001:2001:Jane Doe:/home/jane:/bin/bash"),
            log);
        assertEquals(
            List.of(Fixtures.key("jane")),
            Files.readAllLines(root.resolve("home/jane/.ssh/authorized_keys")));
      } finally {
        server.close();
      }
    }
  }
}
