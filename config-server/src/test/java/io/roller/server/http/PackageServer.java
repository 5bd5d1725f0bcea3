package io.roller.server.http;

import io.javalin.Javalin;
import io.roller.server.DomainException;
import io.roller.server.packages.PackageHosts;
import io.roller.server.packages.PackageOptions;
import io.roller.server.packages.PackageStore;
import java.util.Map;

/**
 * A bare Javalin app on a random loopback port with only the package routes and a minimal mapping
 * of {@link DomainException} kinds to statuses (the real server maps them once in its own http/).
 */
final class PackageServer implements AutoCloseable {
  private static final Map<DomainException.Kind, Integer> STATUS = Map.of(
      DomainException.Kind.NOT_FOUND, 404,
      DomainException.Kind.BAD_REQUEST, 400,
      DomainException.Kind.INVALID, 422,
      DomainException.Kind.CONFLICT, 409,
      DomainException.Kind.UNAUTHORIZED, 401,
      DomainException.Kind.FORBIDDEN, 403,
      DomainException.Kind.TOO_LARGE, 413,
      DomainException.Kind.UNAVAILABLE, 503);

  final PackageStore store;
  private final Javalin app;

  PackageServer(PackageOptions options, PackageHosts hosts) {
    store = PackageStore.open(options);
    app = Javalin.create(c -> c.showJavalinBanner = false);
    PackageRoutes.register(app, store, hosts);
    app.exception(DomainException.class, (e, ctx) -> {
      ctx.status(STATUS.get(e.kind()));
      ctx.json(Map.of("error", e.kind().name().toLowerCase(), "detail", e.getMessage()));
    });
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
