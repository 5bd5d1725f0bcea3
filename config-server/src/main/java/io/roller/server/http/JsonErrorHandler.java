package io.roller.server.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Errors Jetty answers itself, before any route runs (an encoded {@code ..} or NUL in a path, a
 * malformed request line or header, an Error out of a handler), in the same {@code {error, detail}}
 * JSON body as every other error rather than Jetty's HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {
  private static byte[] body(int status, String message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(
        "error", status == 400 ? "bad_request" : status == 404 ? "not_found" : "http_" + status);
    out.put("detail", message == null || message.isBlank() ? "HTTP " + status : message);
    return Body.of(out, Body.Format.JSON).bytes();
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType(Body.Format.JSON.contentType);
    response.getOutputStream().write(body(code, message));
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, Body.Format.JSON.contentType);
    return ByteBuffer.wrap(body(status, reason));
  }
}
