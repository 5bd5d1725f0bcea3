package io.roller.server.http;

import io.javalin.Javalin;
import io.roller.server.packages.PackageOptions;
import io.roller.server.packages.PackageStore;
import io.roller.server.views.PackageHosts;

/**
 * A bare Javalin app on a random loopback port with only the package routes and the server's error
 * mapping.
 */
final class PackageServer implements AutoCloseable {
  final PackageStore store;
  private final Javalin app;

  PackageServer(PackageOptions options, PackageHosts hosts) {
    store = PackageStore.open(options);
    app = Javalin.create(c -> c.showJavalinBanner = false);
    PackageRoutes.register(app, store, hosts);
    ErrorMapping.register(app);
    app.start("127.0.0.1", 0);
  }

  PackageServer(PackageOptions options) {
    this(options, null);
  }

  String url() {
    return "http://127.0.0.1:" + app.port();
  }

  @Override
  public void close() {
    app.stop();
    store.close();
  }
}
