package io.roller.server.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.roller.server.core.DomainException;
import io.roller.server.views.RepoView;
import java.util.function.Supplier;

/**
 * Sends views: picks the format, serializes each body once per commit (kept in the view's memo),
 * and answers conditional GETs with 304.
 */
final class Responder {
  static final String REVISION = "X-Roller-Revision";

  private Responder() {}

  /** YAML unless {@code ?format=json} or {@code Accept: application/json}. */
  static Body.Format format(Context ctx, Body.Format fallback) {
    Body.Format f = format(ctx.queryParam("format"), ctx.header("Accept"), fallback);
    if (f == null) {
      throw DomainException.badRequest("format must be json or yaml");
    }
    return f;
  }

  /**
   * The one reading of {@code ?format=} (null: not given) and {@code Accept}, for the routes and
   * {@link FastResolved}: the value if it is json or yaml (any case), else JSON for an Accept that
   * names application/json, else {@code fallback} (null: YAML). Null for a value that is neither
   * when there is no fallback.
   */
  static Body.Format format(String param, String accept, Body.Format fallback) {
    if (param != null) {
      if (param.equalsIgnoreCase("json")) {
        return Body.Format.JSON;
      }
      if (param.equalsIgnoreCase("yaml")) {
        return Body.Format.YAML;
      }
      if (fallback == null) {
        return null;
      }
    }
    if (accept != null && accept.contains("application/json")) {
      return Body.Format.JSON;
    }
    return fallback == null ? Body.Format.YAML : fallback;
  }

  static Body.Format format(Context ctx) {
    return format(ctx, null);
  }

  /** The memoized body of {@code key} at this view's commit. */
  static Body cached(RepoView view, String key, Body.Format format, Supplier<Object> value) {
    return view.memo(format.name() + " " + key, () -> Body.of(value.get(), format));
  }

  static void send(Context ctx, RepoView view, Body body) {
    send(ctx, view.revision(), body);
  }

  /**
   * Sends a body with its ETag, or a 304 when the client has it; names the revision it was computed
   * at (null: the head's, which every answer already carries).
   */
  static void send(Context ctx, String revision, Body body) {
    if (revision != null) {
      revision(ctx, revision);
    }
    ctx.header(Header.ETAG, body.etag());
    ctx.header(Header.VARY, Header.ACCEPT);
    if (matches(ctx.header(Header.IF_NONE_MATCH), body.etag())) {
      ctx.status(304);
      return;
    }
    write(ctx, body);
  }

  /** The one place that says which revision an answer was computed at. */
  static void revision(Context ctx, String revision) {
    ctx.header(REVISION, revision);
  }

  /**
   * Whether an If-None-Match header names {@code etag} (strong, or weak as W/"..."), or is "*": the
   * one reading of that header for views, packages, tarballs and the fast /resolved path.
   */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String t : ifNoneMatch.split(",")) {
      String v = t.trim();
      if (v.equals("*") || v.equals(etag) || v.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes a negotiated body. {@code Vary: Accept} tells caches that the same URL has a YAML and a
   * JSON answer, so a proxy never hands JSON to a curl that asked for nothing.
   */
  static void write(Context ctx, Body body) {
    ctx.header(Header.VARY, Header.ACCEPT);
    ctx.contentType(body.format().contentType).result(body.bytes());
  }
}
