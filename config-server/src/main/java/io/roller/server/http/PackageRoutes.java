package io.roller.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.roller.model.PackageRef;
import io.roller.server.core.DomainException;
import io.roller.server.packages.PackageMeta;
import io.roller.server.packages.PackageStore;
import io.roller.server.views.PackageHosts;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The package routes of the design's table: listings, metadata, GET/HEAD of a tarball (Range, ETag
 * = its sha256, streamed from the local file) and the bearer-token PUT. Errors are thrown as {@link
 * DomainException}s for the server's one exception mapper.
 */
public final class PackageRoutes {
  private static final String TARBALL = ".tar.gz";

  private PackageRoutes() {}

  /** Registers the package routes; {@code hosts} may be null until the repo's index is wired in. */
  public static void register(Javalin app, PackageStore store, PackageHosts hosts) {
    app.get("/package", ctx -> render(ctx, store.names()));
    app.get("/package/{name}", ctx -> render(ctx, store.versions(ctx.pathParam("name"))));
    // tarballs and uploads move on their own threads, so slow clients never hold a view's thread
    Transfers transfers = Transfers.of(app);
    app.get(
        "/package/{name}/{version}",
        ctx -> {
          if (ctx.pathParam("version").endsWith(TARBALL)) {
            transfers.run(ctx, () -> get(ctx, store, hosts, false));
          } else {
            get(ctx, store, hosts, false);
          }
        });
    app.head("/package/{name}/{version}", ctx -> get(ctx, store, hosts, true));
    app.put("/package/{name}/{version}", ctx -> transfers.run(ctx, () -> put(ctx, store)));
  }

  public static void register(Javalin app, PackageStore store) {
    register(app, store, null);
  }

  private static void get(Context ctx, PackageStore store, PackageHosts hosts, boolean head)
      throws IOException {
    String name = ctx.pathParam("name");
    String last = ctx.pathParam("version");
    if (last.endsWith(TARBALL)) {
      TarballResponse.serve(
          ctx, store.hold(ref(name, last.substring(0, last.length() - TARBALL.length()))), head);
    } else if (last.equals("hosts") && hosts != null) {
      ref(name, "0"); // checks the name
      String version = ctx.queryParam("version");
      if (version != null) {
        ref(name, version); // checks the version
      }
      PackageHosts.Answer a = hosts.hostsUsing(name, ctx.queryParam("rev"));
      Responder.revision(ctx, a.revision());
      if (a.hosts().isEmpty() && store.names().stream().noneMatch(name::equals)) {
        // Like /colo/nosuch/hosts: a name nothing knows is a 404, not an empty list.
        throw DomainException.notFound(
            "no package named '"
                + name
                + "' (none stored, and no host gets it at "
                + a.revision().substring(0, 12)
                + ")");
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("package", name);
      out.put("revision", a.revision());
      out.put(
          "hosts",
          version == null
              ? a.hosts()
              : a.hosts().stream().filter(h -> h.version().equals(version)).toList());
      render(ctx, out);
    } else {
      PackageRef ref = ref(name, last);
      render(
          ctx,
          describe(
              store.find(ref).orElseThrow(() -> DomainException.notFound("no package " + ref))));
    }
  }

  private static void put(Context ctx, PackageStore store) throws IOException {
    store.checkUploadToken(ctx.header(Header.AUTHORIZATION));
    String last = ctx.pathParam("version");
    if (!last.endsWith(TARBALL)) {
      throw DomainException.badRequest("upload to /package/{name}/{version}.tar.gz");
    }
    PackageRef ref =
        ref(ctx.pathParam("name"), last.substring(0, last.length() - TARBALL.length()));
    PackageStore.Stored s = store.upload(ref, ctx.bodyInputStream());
    ctx.status(s.created() ? 201 : 200);
    render(ctx, describe(s.meta()));
  }

  private static PackageRef ref(String name, String version) {
    try {
      return new PackageRef(name, version);
    } catch (IllegalArgumentException e) {
      throw DomainException.badRequest(e.getMessage());
    }
  }

  static Map<String, Object> describe(PackageMeta m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", m.name());
    out.put("version", m.version());
    out.put("sha256", m.sha256());
    out.put("size", m.size());
    out.put("uploaded", m.uploaded().toString());
    out.put("url", m.url());
    return out;
  }

  /** In the server's formats (YAML, or JSON on request), with an ETag of the body and 304s. */
  static void render(Context ctx, Object value) {
    Responder.send(ctx, (String) null, Body.of(value, Responder.format(ctx)));
  }
}
