package io.roller.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.roller.model.ValidationException;
import io.roller.server.core.DomainException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become HTTP: a status and a body {@code {error, detail}}. */
public final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private ErrorMapping() {}

  /** The HTTP status of each kind of failure. */
  public static int status(DomainException.Kind kind) {
    return switch (kind) {
      case NOT_FOUND -> 404;
      case BAD_REQUEST -> 400;
      case INVALID -> 422;
      case CONFLICT -> 409;
      case UNAUTHORIZED -> 401;
      case FORBIDDEN -> 403;
      case TOO_LARGE -> 413;
      case RANGE_NOT_SATISFIABLE -> 416;
      case UNAVAILABLE -> 503;
    };
  }

  public static void register(Javalin app) {
    app.exception(
        DomainException.class,
        (e, ctx) -> {
          Map<String, Object> body = body(e.kind().name().toLowerCase(), e.getMessage());
          send(ctx, status(e.kind()), body);
        });
    app.exception(
        ValidationException.class,
        (e, ctx) -> {
          Map<String, Object> body = body("invalid", e.getMessage());
          body.put("file", e.file());
          body.put("line", e.line());
          send(ctx, 422, body);
        });
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          String kind =
              e.getStatus() == 404
                  ? "not_found"
                  : e.getStatus() == 405 ? "method_not_allowed" : "http_" + e.getStatus();
          String detail =
              e.getStatus() == 404 ? "no route " + ctx.method() + " " + ctx.path() : e.getMessage();
          if (e.getStatus() == 405) {
            String allowed = e.getDetails().getOrDefault("availableMethods", "");
            ctx.header(Header.ALLOW, allowed);
            detail =
                ctx.method() + " is not allowed on " + ctx.path() + " (allowed: " + allowed + ")";
          }
          send(ctx, e.getStatus(), body(kind, detail));
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          send(ctx, 500, body("internal", e.toString()));
        });
  }

  private static Map<String, Object> body(String error, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("detail", detail);
    return body;
  }

  private static void send(Context ctx, int status, Map<String, Object> body) {
    // Refused uploads, invalid repo files and unavailable backends are what an operator looks for;
    // plain 404s and 400s are the client's business and would only flood the log.
    if (status == 422 || status == 409 || status >= 500) {
      LOG.warn("{} {} -> {}: {}", ctx.method(), ctx.path(), status, body.get("detail"));
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("{} {} -> {}: {}", ctx.method(), ctx.path(), status, body.get("detail"));
    }
    Body b = Body.of(body, Responder.format(ctx, Body.Format.YAML));
    ctx.status(status);
    Responder.write(ctx, b);
  }
}
