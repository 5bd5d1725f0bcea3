package io.roller.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.roller.server.bootstrap.AgentBundle;
import io.roller.server.core.DomainException;
import io.roller.server.views.ViewStore;
import java.util.function.Supplier;

/**
 * {@code GET /bootstrap}: the script a blank host pipes to sh; {@code GET,HEAD
 * /bootstrap/roll-bundle.tar.gz}: the self-contained roll agent it installs.
 */
public final class BootstrapRoutes {
  private static final String SCRIPT = "text/x-shellscript; charset=utf-8";

  private BootstrapRoutes() {}

  /**
   * Registers the routes; with no bundle they answer 404 saying how to turn bootstrap on. The
   * script points hosts at {@code publicUrl} (the server's --public-url, never the request's Host
   * header); a {@code ?hostname=} must be a host of the served head.
   */
  public static void register(
      Javalin app, AgentBundle bundle, Supplier<String> publicUrl, ViewStore store) {
    app.get(
        "/bootstrap",
        refusalsAsScript(
            ctx -> {
              AgentBundle b = need(bundle);
              String hostname = ctx.queryParam("hostname");
              if (hostname != null && !hostname.isEmpty()) {
                store.current().requireHost(hostname);
              }
              String url = publicUrl.get();
              if (url == null) {
                throw new DomainException(
                    DomainException.Kind.UNAVAILABLE, "the server is starting");
              }
              ctx.contentType(SCRIPT).result(b.script(url, hostname));
            }));
    app.get("/bootstrap/roll-bundle.tar.gz", ctx -> bundle(ctx, bundle, false));
    app.head("/bootstrap/roll-bundle.tar.gz", ctx -> bundle(ctx, bundle, true));
  }

  /**
   * A refusal answers its status with a script that says why and exits 1, so {@code curl -sS
   * $S/bootstrap | sh} fails loudly rather than running an error body (with {@code -f}, curl itself
   * prints the status and sh gets nothing).
   */
  private static Handler refusalsAsScript(Handler h) {
    return ctx -> {
      try {
        h.handle(ctx);
      } catch (DomainException e) {
        String why = ("bootstrap: " + e.getMessage()).replace("'", "'\\''");
        ctx.status(ErrorMapping.status(e.kind()))
            .contentType(SCRIPT)
            .result("#!/bin/sh\necho '" + why + "' >&2\nexit 1\n");
      }
    };
  }

  private static void bundle(Context ctx, AgentBundle bundle, boolean head)
      throws java.io.IOException {
    AgentBundle b = need(bundle);
    TarballResponse.serve(ctx, b.file(), b.sha256(), b.size(), "no-cache", head);
  }

  private static AgentBundle need(AgentBundle bundle) {
    if (bundle == null) {
      throw DomainException.notFound(
          "bootstrap is off on this server: start it with --agent-bundle roll-bundle.tar.gz");
    }
    return bundle;
  }
}
