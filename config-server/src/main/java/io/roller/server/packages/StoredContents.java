package io.roller.server.packages;

import io.roller.model.PackageRef;
import io.roller.model.pkg.PackageEntry;
import io.roller.model.pkg.PackageException;
import io.roller.model.pkg.PackageManifest;
import io.roller.model.pkg.PackageReader;
import io.roller.model.render.Templates;
import io.roller.server.core.DomainException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contents of the store's packages, each read once (a version is immutable, so what was read
 * stays true): the manifest's services and the text of every {@code *.tmpl}. A package the store
 * lacks is looked up again next time, as it may have been uploaded since.
 */
public final class StoredContents implements PackageContents {
  /** A template is a config file; anything bigger is a mistake (roll refuses it too). */
  static final int MAX_TEMPLATE = 1024 * 1024;

  private final PackageStore store;
  private final ConcurrentHashMap<String, Contents> bySha = new ConcurrentHashMap<>();

  public StoredContents(PackageStore store) {
    this.store = store;
  }

  @Override
  public Optional<Contents> of(PackageRef ref) {
    Optional<PackageMeta> meta = store.find(ref);
    if (meta.isEmpty()) {
      return Optional.empty();
    }
    Contents c = bySha.get(meta.get().sha256());
    if (c == null) {
      c = read(ref);
      bySha.putIfAbsent(meta.get().sha256(), c);
    }
    return Optional.of(c);
  }

  private Contents read(PackageRef ref) {
    PackageStore.Held held = store.hold(ref);
    Map<String, String> templates = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(held.file())) {
      PackageManifest m =
          PackageReader.read(
              in,
              io.roller.model.pkg.Limits.DEFAULT,
              (PackageEntry e, InputStream content) -> {
                if (e.type() == PackageEntry.Type.FILE && e.path().endsWith(Templates.SUFFIX)) {
                  if (e.size() > MAX_TEMPLATE) {
                    throw new PackageException(
                        e.path(), "template larger than " + MAX_TEMPLATE + " bytes");
                  }
                  ByteArrayOutputStream b = new ByteArrayOutputStream();
                  content.transferTo(b);
                  templates.put(e.path(), b.toString(StandardCharsets.UTF_8));
                }
              });
      return new Contents(
          m.services().stream().map(PackageManifest.Service::name).toList(), templates);
    } catch (PackageException e) {
      throw new DomainException(
          DomainException.Kind.INVALID, "stored package " + ref + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
