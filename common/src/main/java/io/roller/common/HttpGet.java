package io.roller.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One GET to the config server, as roll and foreman make it: {@link HttpURLConnection}, which a
 * cold JVM starts in a fraction of the time {@code java.net.http.HttpClient} needs (no SSL or
 * executor set-up for a plain-http GET), which is most of a no-change run.
 */
public final class HttpGet {
  private static final JsonFactory JSON = new JsonFactory();

  private HttpGet() {}

  /** An answer of any status: its body (the error body for 4xx/5xx) and one header. */
  public record Response(int status, byte[] body, String etag) {
    /** The server's reason for a refusal (see {@link HttpGet#detail}). */
    public String detail() {
      return HttpGet.detail(body);
    }
  }

  /**
   * GETs {@code uri} with these request headers; an {@link IOException} means no answer at all
   * (refused, reset, timed out), any status is a {@link Response}.
   */
  public static Response get(URI uri, Map<String, String> headers, Duration timeout)
      throws IOException {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    try {
      c.setConnectTimeout((int) timeout.toMillis());
      c.setReadTimeout((int) timeout.toMillis());
      headers.forEach(c::setRequestProperty);
      int status = c.getResponseCode();
      byte[] body;
      try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
        body = in == null ? new byte[0] : in.readAllBytes();
      }
      return new Response(status, body, c.getHeaderField("ETag"));
    } finally {
      c.disconnect();
    }
  }

  /**
   * The reason in a refusal's body: the {@code detail} (else {@code error}) of the server's JSON
   * {@code {error, detail}}, else the first line of a text body (cut at 200 characters), else "".
   */
  public static String detail(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String error = null;
    String detail = null;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          if (p.currentToken() == JsonToken.VALUE_STRING && field.equals("error")) {
            error = p.getText();
          } else if (p.currentToken() == JsonToken.VALUE_STRING && field.equals("detail")) {
            detail = p.getText();
          } else {
            p.skipChildren();
          }
        }
        if (detail != null || error != null) {
          return detail != null ? detail : error;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: the text itself says why
    }
    String line = new String(body, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
