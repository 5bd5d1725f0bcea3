package io.roller.roll.core;

import io.roller.model.PackageRef;
import java.nio.file.Path;

/** Where everything roll keeps lives on a host, all under {@code --root} (DESIGN section 4). */
public record Layout(Path root) {
  public Layout {
    root = root.toAbsolutePath().normalize();
  }

  /** The symlink to the current generation. */
  public Path usrLocal() {
    return root.resolve("usr/local");
  }

  public Path lib() {
    return root.resolve("var/lib/roller");
  }

  public Path generations() {
    return lib().resolve("generations");
  }

  /** A complete generation's tree; complete once its record exists. */
  public Path generation(int n) {
    return generations().resolve(Integer.toString(n));
  }

  /** A generation being built; renamed to {@link #generation} when whole. */
  public Path partial(int n) {
    return generations().resolve("." + n + ".partial");
  }

  /**
   * The generation's record (packages, manifests, rendered files), beside its tree, never in it.
   */
  public Path record(int n) {
    return generations().resolve(n + ".json");
  }

  public Path packages() {
    return lib().resolve("packages");
  }

  public Path tarball(PackageRef ref) {
    return packages().resolve(ref.fileName());
  }

  public Path state() {
    return lib().resolve("state.json");
  }

  public Path journal() {
    return lib().resolve("journal");
  }

  /** The last converged roll's server ETag (see install.Converged). */
  public Path converged() {
    return lib().resolve("converged");
  }

  /** The last failed rolls (see RollFailure), for roll history. */
  public Path failures() {
    return lib().resolve("failures.json");
  }

  /** The failure of the latest roll; absent once a roll succeeds. */
  public Path lastFailure() {
    return lib().resolve("last-failure.json");
  }

  public Path lock() {
    return lib().resolve("lock");
  }

  public Path cron() {
    return root.resolve("etc/cron.d/roller");
  }

  public Path conf() {
    return root.resolve("etc/roller/roll.conf");
  }

  public Path logDir() {
    return root.resolve("var/log/roller");
  }

  public Path rollLog() {
    return logDir().resolve("roll.log");
  }
}
