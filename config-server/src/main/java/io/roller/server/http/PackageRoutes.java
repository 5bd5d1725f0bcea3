package io.roller.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.roller.model.PackageRef;
import io.roller.server.DomainException;
import io.roller.server.packages.PackageHosts;
import io.roller.server.packages.PackageMeta;
import io.roller.server.packages.PackageStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The package routes of the design's table: listings, metadata, GET/HEAD of a tarball (Range,
 * ETag = its sha256, streamed from the local file) and the bearer-token PUT. Errors are thrown as
 * {@link DomainException}s for the server's one exception mapper.
 */
public final class PackageRoutes {
  private static final String TARBALL = ".tar.gz";
  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  private PackageRoutes() {}

  /** Registers the package routes; {@code hosts} may be null until the repo's index is wired in. */
  public static void register(Javalin app, PackageStore store, PackageHosts hosts) {
    app.get("/package", ctx -> render(ctx, store.names()));
    app.get("/package/{name}", ctx -> render(ctx, store.versions(ctx.pathParam("name"))));
    app.get("/package/{name}/{version}", ctx -> get(ctx, store, hosts, false));
    app.head("/package/{name}/{version}", ctx -> get(ctx, store, hosts, true));
    app.put("/package/{name}/{version}", ctx -> put(ctx, store));
  }

  public static void register(Javalin app, PackageStore store) {
    register(app, store, null);
  }

  private static void get(Context ctx, PackageStore store, PackageHosts hosts, boolean head) throws IOException {
    String name = ctx.pathParam("name");
    String last = ctx.pathParam("version");
    if (last.endsWith(TARBALL)) {
      TarballResponse.serve(ctx, store.hold(ref(name, last.substring(0, last.length() - TARBALL.length()))), head);
    } else if (last.equals("hosts") && hosts != null) {
      ref(name, "0"); // checks the name
      PackageHosts.Answer a = hosts.hostsUsing(name, ctx.queryParam("rev"));
      ctx.header("X-Roller-Revision", a.revision());
      render(ctx, Map.of("package", name, "revision", a.revision(), "hosts",
          a.hosts().stream().map(h -> Map.of("hostname", h.hostname(), "version", h.version())).toList()));
    } else {
      PackageRef ref = ref(name, last);
      render(ctx, describe(store.find(ref).orElseThrow(() -> DomainException.notFound("no package " + ref))));
    }
  }

  private static void put(Context ctx, PackageStore store) throws IOException {
    store.checkUploadToken(ctx.header(Header.AUTHORIZATION));
    String last = ctx.pathParam("version");
    if (!last.endsWith(TARBALL)) {
      throw DomainException.badRequest("upload to /package/{name}/{version}.tar.gz");
    }
    PackageRef ref = ref(ctx.pathParam("name"), last.substring(0, last.length() - TARBALL.length()));
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

  /** YAML by default, JSON for {@code Accept: application/json} or {@code ?format=json}; ETag and 304. */
  static void render(Context ctx, Object body) throws JsonProcessingException {
    boolean json = "json".equals(ctx.queryParam("format"))
        || (ctx.header(Header.ACCEPT) != null && ctx.header(Header.ACCEPT).contains("application/json"));
    String text = json ? JSON.writeValueAsString(body) + "\n" : yaml().dump(body);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    String etag = "\"" + sha256(bytes) + "\"";
    ctx.header(Header.ETAG, etag);
    if (etag.equals(ctx.header(Header.IF_NONE_MATCH))) {
      ctx.status(304);
      return;
    }
    ctx.contentType(json ? "application/json" : "application/yaml; charset=utf-8");
    ctx.result(bytes);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Yaml yaml() {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(o);
  }
}
