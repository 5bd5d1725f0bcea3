package io.roller.foreman.fetch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.roller.foreman.core.ForemanException;
import io.roller.model.HostUsers;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Fetches {@code GET /host/{h}/users} (JSON) from the config server. */
public class UsersClient {
  /** Exit code when the server cannot be reached or is unavailable: nothing was changed. */
  public static final int UNREACHABLE = 3;

  private final String server;

  public UsersClient(String server) {
    this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
  }

  /**
   * The users granted on the host; ForemanException with exit 3 when the server is out of reach.
   */
  public HostUsers fetch(String hostname) {
    URL url;
    try {
      url =
          URI.create(
                  server
                      + "/host/"
                      + URLEncoder.encode(hostname, StandardCharsets.UTF_8)
                      + "/users")
              .toURL();
      if (!url.getProtocol().equals("http") && !url.getProtocol().equals("https")) {
        throw new MalformedURLException("want http:// or https://");
      }
    } catch (IllegalArgumentException | MalformedURLException e) {
      throw new ForemanException(2, "bad server URL '" + server + "': " + e.getMessage());
    }
    int status;
    byte[] body;
    try {
      // HttpURLConnection rather than java.net.http.HttpClient: it starts in a fraction of the time
      // (no SSL or executor set-up for a plain-http GET), which is most of a no-change sync.
      HttpURLConnection c = (HttpURLConnection) url.openConnection();
      c.setConnectTimeout(10_000);
      c.setReadTimeout(60_000);
      c.setRequestProperty("Accept", "application/json");
      status = c.getResponseCode();
      try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
        body = in == null ? new byte[0] : in.readAllBytes();
      }
    } catch (IOException e) {
      throw new ForemanException(
          UNREACHABLE,
          "cannot reach the config server at " + server + " (" + describe(e) + "); nothing changed",
          e);
    }
    if (status >= 500) {
      throw new ForemanException(
          UNREACHABLE,
          "the config server at "
              + server
              + " answered "
              + status
              + detail(body)
              + " for "
              + url.getPath()
              + "; nothing changed");
    }
    if (status != 200) {
      throw new ForemanException(
          1,
          "the config server answered "
              + status
              + detail(body)
              + " for "
              + url.getPath()
              + "; nothing changed");
    }
    try {
      return UsersJson.parse(body);
    } catch (IOException e) {
      throw new ForemanException(
          1,
          "the config server's answer for "
              + url.getPath()
              + " is not a users view ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); nothing changed",
          e);
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  /** The server's {error, detail} body, when it has one. */
  private static String detail(byte[] body) {
    try (JsonParser p = new JsonFactory().createParser(body)) {
      String error = null;
      String detail = null;
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
      }
      String d = detail != null ? detail : error;
      return d == null ? "" : " (" + d + ")";
    } catch (IOException | RuntimeException e) {
      return ""; // not JSON: the status says enough
    }
  }
}
