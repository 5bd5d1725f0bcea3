package io.roller.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.roller.server.DomainException;
import io.roller.server.bootstrap.AgentBundle;

/**
 * {@code GET /bootstrap}: the script a blank host pipes to sh; {@code GET,HEAD
 * /bootstrap/roll-bundle.tar.gz}: the self-contained roll agent it installs.
 */
public final class BootstrapRoutes {
  private BootstrapRoutes() {}

  /** Registers the routes; with no bundle they answer 404 saying how to turn bootstrap on. */
  public static void register(Javalin app, AgentBundle bundle) {
    app.get(
        "/bootstrap",
        ctx -> {
          ctx.contentType("text/x-shellscript; charset=utf-8");
          ctx.result(need(bundle).script(serverUrl(ctx), ctx.queryParam("hostname")));
        });
    app.get("/bootstrap/roll-bundle.tar.gz", ctx -> bundle(ctx, bundle, false));
    app.head("/bootstrap/roll-bundle.tar.gz", ctx -> bundle(ctx, bundle, true));
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

  /** The URL the host used to reach us, so the script and roll.conf point back at it. */
  private static String serverUrl(Context ctx) {
    String host = ctx.header("Host");
    if (host == null || host.isBlank()) {
      host = ctx.host();
    }
    String proto = ctx.header("X-Forwarded-Proto");
    return (proto == null ? ctx.scheme() : proto) + "://" + host;
  }
}
