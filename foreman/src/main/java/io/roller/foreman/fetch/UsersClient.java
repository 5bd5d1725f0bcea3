package io.roller.foreman.fetch;

import io.roller.common.HttpGet;
import io.roller.foreman.core.ForemanException;
import io.roller.model.HostUsers;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

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
      HttpGet.Response r =
          HttpGet.get(url.toURI(), Map.of("Accept", "application/json"), Duration.ofSeconds(60));
      status = r.status();
      body = r.body();
    } catch (URISyntaxException e) {
      throw new ForemanException(2, "bad server URL '" + server + "': " + e.getMessage());
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

  /** The server's reason for a refusal, in brackets, when it gives one. */
  private static String detail(byte[] body) {
    String d = HttpGet.detail(body);
    return d.isEmpty() ? "" : " (" + d + ")";
  }
}
