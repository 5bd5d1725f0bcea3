package io.roller.foreman.fetch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roller.foreman.ForemanException;
import io.roller.model.HostUsers;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Fetches {@code GET /host/{h}/users} (JSON) from the config server. */
public class UsersClient {
  /** Exit code when the server cannot be reached or is unavailable: nothing was changed. */
  public static final int UNREACHABLE = 3;
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
  private final String server;

  public UsersClient(String server) {
    this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
  }

  /** The users granted on the host; ForemanException with exit 3 when the server is out of reach. */
  public HostUsers fetch(String hostname) {
    URI uri;
    try {
      uri = URI.create(server + "/host/" + URLEncoder.encode(hostname, StandardCharsets.UTF_8) + "/users");
    } catch (IllegalArgumentException e) {
      throw new ForemanException(2, "bad server URL '" + server + "': " + e.getMessage());
    }
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .header("Accept", "application/json").GET().build();
    HttpResponse<byte[]> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ForemanException(UNREACHABLE, "cannot reach the config server at " + server + " (" + describe(e)
          + "); nothing changed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ForemanException(UNREACHABLE, "interrupted while fetching " + uri + "; nothing changed", e);
    }
    int status = resp.statusCode();
    if (status >= 500) {
      throw new ForemanException(UNREACHABLE, "the config server at " + server + " answered " + status
          + detail(resp.body()) + " for " + uri.getPath() + "; nothing changed");
    }
    if (status != 200) {
      throw new ForemanException(1, "the config server answered " + status + detail(resp.body()) + " for "
          + uri.getPath() + "; nothing changed");
    }
    try {
      HostUsers users = JSON.readValue(resp.body(), HostUsers.class);
      if (users == null || users.users() == null) {
        throw new IOException("no 'users' list");
      }
      return users;
    } catch (IOException e) {
      throw new ForemanException(1, "the config server's answer for " + uri.getPath() + " is not a users view ("
          + e.getMessage().lines().findFirst().orElse("") + "); nothing changed", e);
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }

  /** The server's {error, detail} body, when it has one. */
  private static String detail(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.hasNonNull("detail")) {
        return " (" + n.get("detail").asText() + ")";
      }
      if (n != null && n.hasNonNull("error")) {
        return " (" + n.get("error").asText() + ")";
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: the status says enough
    }
    return "";
  }
}
