package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roller.model.pkg.PackageManifest;
import io.roller.model.pkg.Tarballs;
import io.roller.server.testing.ServerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exact bytes of every view of the config repo, in both formats, against a golden file: key
 * order, absent keys, nulls and formatting are the contract, and a refactoring of how the views are
 * built must not move a byte. Revisions (which differ per run) are written as {@code <before>} and
 * {@code <after>}. On a mismatch the actual text is left in {@code target/wire-forms.actual}.
 */
class WireFormsTest {
  @RegisterExtension
  static final ServerExtension fleet = ServerExtension.exampleFleet().withPackages();

  private static final String GOLDEN = "wire-forms.golden";

  @Test
  void everyViewIsServedByteForByteAsPinned() throws IOException {
    String before = fleet.repo().head();
    fleet
        .repo()
        .write("host/web01.nyc1.yml", SecretViewsTest.hostFile(SecretViewsTest.ARMOR_A))
        .write("hostclass/db/4.yml", "packages:\n  production: [pg-16.1]\nbogus: 1\n")
        .write("users/zed.yml", "uid: not-a-number\naccess: {all: true}\n");
    String after = fleet.commitAndRefresh("a secret, an invalid hostclass version and user");
    assertEquals(201, fleet.server().upload("hello-web", "1.1.0", fixedPackage()));

    StringBuilder out = new StringBuilder();
    for (String path : paths(before)) {
      for (boolean json : new boolean[] {false, true}) {
        HttpResponse<String> r = json ? fleet.http().getJson(path) : fleet.http().get(path);
        out.append("### GET ")
            .append(path)
            .append(json ? " (Accept: application/json)" : "")
            .append(" -> ")
            .append(r.statusCode())
            .append(' ')
            .append(r.headers().firstValue("Content-Type").orElse("-"))
            .append('\n')
            .append(r.body())
            .append("\n");
      }
    }
    for (boolean json : new boolean[] {false, true}) {
      HttpResponse<String> r =
          json
              ? fleet.http().post("/refresh", "Accept", "application/json")
              : fleet.http().post("/refresh");
      out.append("### POST /refresh")
          .append(json ? " (Accept: application/json)" : "")
          .append(" -> ")
          .append(r.statusCode())
          .append('\n')
          .append(r.body().replaceAll("(\"?millis\"?: ?)[0-9]+", "$1<millis>"))
          .append("\n");
    }
    String actual = masked(masked(out.toString(), after, "<after>"), before, "<before>");
    String golden = golden();
    if (!golden.equals(actual)) {
      Files.writeString(Path.of("target", "wire-forms.actual"), actual, StandardCharsets.UTF_8);
    }
    assertEquals(golden, actual);
  }

  /** A package whose bytes, and so its sha256 and size, are the same on every run. */
  private static byte[] fixedPackage() {
    byte[] tool = "v1".getBytes(StandardCharsets.UTF_8);
    byte[] manifest =
        "services:\n  - {name: tool, start: bin/tool start, stop: bin/tool stop}\n"
            .getBytes(StandardCharsets.UTF_8);
    return Tarballs.create()
        .entry(entry("bin/tool", 0755, tool), tool)
        .entry(entry(PackageManifest.PATH, 0644, manifest), manifest)
        .gz();
  }

  private static TarArchiveEntry entry(String name, int mode, byte[] content) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    e.setSize(content.length);
    e.setMode(0100000 | mode);
    e.setModTime(0);
    return e;
  }

  private static List<String> paths(String before) {
    return List.of(
        "/host",
        "/host?colo=nyc1",
        "/host?hostclass=web",
        "/host?colo=nyc1&hostclass=web",
        "/host/web01.nyc1",
        "/host/db01.nyc1",
        "/host/nosuch.nyc1",
        "/host/web01.nyc1/resolved",
        "/host/web02.nyc1/resolved",
        "/host/db01.nyc1/resolved",
        "/host/web01.nyc1/resolved?format=json",
        "/host/web01.nyc1/users",
        "/host/db01.sjc1/users",
        "/host/web01.nyc1/diff?from=" + before,
        "/hostclass",
        "/hostclass/web",
        "/hostclass/db",
        "/hostclass/web/hosts",
        "/hostclass/web/hosts?version=2",
        "/hostclass/web/2",
        "/hostclass/db/3",
        "/hostclass/db/4",
        "/colo",
        "/colo/nyc1",
        "/colo/sjc1/hosts",
        "/package/hello-web/hosts",
        "/diff?from=" + before);
  }

  /** The text with {@code rev} and every prefix of it of 7 characters or more replaced. */
  private static String masked(String text, String rev, String as) {
    String s = text;
    for (int n = rev.length(); n >= 7; n--) {
      s = s.replace(rev.substring(0, n), as);
    }
    return s;
  }

  private static String golden() throws IOException {
    try (InputStream in = WireFormsTest.class.getResourceAsStream(GOLDEN)) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
