package io.roller.roll.install;

import io.roller.model.Sha256;
import io.roller.model.ValidationException;
import io.roller.model.pkg.Limits;
import io.roller.model.pkg.PackageEntry;
import io.roller.model.pkg.PackageException;
import io.roller.model.pkg.PackageManifest;
import io.roller.model.pkg.PackageReader;
import io.roller.roll.core.Json;
import io.roller.roll.core.RollException;
import io.roller.roll.plan.CronSpec;
import io.roller.roll.plan.FileEntry;
import io.roller.roll.plan.PackageIndex;
import io.roller.roll.plan.Pin;
import io.roller.roll.plan.ServiceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a verified tarball once, with the package rules of the model (a server that lies gets its
 * hostile tarball rejected here, before anything on the host changes), and caches what it holds as
 * {@code <name>-<version>.index.json} beside it.
 */
public final class Indexer {
  /** A template is a config file; anything bigger is a mistake, not a config. */
  static final int MAX_TEMPLATE = 1024 * 1024;

  private Indexer() {}

  public static Path indexFile(Path tarball) {
    String name = tarball.getFileName().toString();
    return tarball.resolveSibling(
        name.substring(0, name.length() - ".tar.gz".length()) + ".index.json");
  }

  /** The cached index when it matches the pin, else a fresh read of the tarball. */
  public static PackageIndex load(Path tarball, Pin pin) {
    Path file = indexFile(tarball);
    try {
      if (Files.exists(file)) {
        PackageIndex cached = Json.read(file, PackageIndex.class);
        if (pin.sha256().equals(cached.sha256())) {
          return cached;
        }
      }
      PackageIndex idx = read(tarball, pin);
      Json.writeAtomically(file, idx);
      return idx;
    } catch (IOException e) {
      throw new RollException(
          "package " + pin.ref() + ": cannot read " + tarball + ": " + e.getMessage(), e);
    }
  }

  /** Like {@link #load} but never writes (for --dry-run). */
  public static PackageIndex peek(Path tarball, Pin pin) {
    Path file = indexFile(tarball);
    try {
      if (Files.exists(file)) {
        PackageIndex cached = Json.read(file, PackageIndex.class);
        if (pin.sha256().equals(cached.sha256())) {
          return cached;
        }
      }
      return read(tarball, pin);
    } catch (IOException e) {
      throw new RollException(
          "package " + pin.ref() + ": cannot read " + tarball + ": " + e.getMessage(), e);
    }
  }

  static PackageIndex read(Path tarball, Pin pin) throws IOException {
    List<FileEntry> entries = new ArrayList<>();
    Map<String, String> templates = new TreeMap<>();
    PackageManifest manifest;
    try (InputStream in = Files.newInputStream(tarball)) {
      manifest =
          PackageReader.read(
              in, Limits.DEFAULT, (e, content) -> entries.add(entry(pin, e, content, templates)));
    } catch (PackageException e) {
      throw new RollException("package " + pin.ref() + " is unsafe: " + e.getMessage(), e);
    } catch (ValidationException e) {
      throw new RollException("package " + pin.ref() + ": bad manifest: " + e.getMessage(), e);
    }
    List<ServiceSpec> services =
        manifest.services().stream()
            .map(
                s ->
                    new ServiceSpec(
                        pin.name(),
                        s.name(),
                        s.start(),
                        s.stop(),
                        s.check(),
                        s.timeout().toMillis()))
            .toList();
    List<CronSpec> cron =
        manifest.cron().stream()
            .map(c -> new CronSpec(pin.name(), c.name(), c.schedule(), c.command(), c.user()))
            .toList();
    return new PackageIndex(
        pin.name(), pin.version(), pin.sha256(), entries, templates, services, cron);
  }

  private static FileEntry entry(
      Pin pin, PackageEntry e, InputStream content, Map<String, String> templates)
      throws IOException {
    return switch (e.type()) {
      case DIRECTORY -> new FileEntry(e.path(), FileEntry.Kind.DIR, e.mode(), null, 0);
      case SYMLINK -> new FileEntry(e.path(), FileEntry.Kind.LINK, e.mode(), e.linkTarget(), 0);
      case FILE -> file(pin, e, content, templates);
    };
  }

  private static FileEntry file(
      Pin pin, PackageEntry e, InputStream content, Map<String, String> templates)
      throws IOException {
    MessageDigest md = Sha256.digest();
    long size;
    if (e.path().endsWith(".tmpl")) {
      byte[] bytes = content.readNBytes(MAX_TEMPLATE + 1);
      if (bytes.length > MAX_TEMPLATE) {
        throw new RollException(
            "package " + pin.ref() + ": template " + e.path() + " is over 1 MiB");
      }
      templates.put(e.path(), new String(bytes, StandardCharsets.UTF_8));
      md.update(bytes);
      size = bytes.length;
    } else {
      try (DigestInputStream in = new DigestInputStream(content, md)) {
        size = in.transferTo(java.io.OutputStream.nullOutputStream());
      }
    }
    return new FileEntry(e.path(), FileEntry.Kind.FILE, e.mode(), Sha256.hex(md), size);
  }
}
