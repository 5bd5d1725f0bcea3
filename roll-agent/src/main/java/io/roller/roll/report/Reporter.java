package io.roller.roll.report;

import io.roller.model.Report;
import io.roller.roll.core.Json;
import io.roller.roll.core.Layout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a roll's report to its server (DESIGN section 6). Sending never fails the roll and waits at
 * most {@link #TIMEOUT} per attempt: a report that cannot be sent waits in {@code
 * /var/lib/roller/report.pending} (one JSON line each, the newest {@link #MAX_PENDING} kept) and
 * goes, oldest first, before the next roll's own.
 */
public final class Reporter {
  /** Connect and read timeout of one POST. */
  public static final Duration TIMEOUT = Duration.ofSeconds(3);

  static final int MAX_PENDING = 100;

  private final Layout layout;
  private final URI server;
  private final String token;
  private final PrintStream err;
  private final Duration timeout;

  /**
   * @param token the bearer token ({@code report_token_file} of roll.conf), or null
   */
  public Reporter(Layout layout, URI server, String token, PrintStream err) {
    this(layout, server, token, err, TIMEOUT);
  }

  Reporter(Layout layout, URI server, String token, PrintStream err, Duration timeout) {
    this.layout = layout;
    this.server = server;
    this.token = token;
    this.err = err;
    this.timeout = timeout;
  }

  /** Where an unsent report waits. */
  public static Path pending(Layout layout) {
    return layout.lib().resolve("report.pending");
  }

  /** The last roll's report, sent or not (for {@code roll status}). */
  public static Path last(Layout layout) {
    return layout.lib().resolve("report.last");
  }

  /** Reads the token file named in roll.conf; a missing or empty one sends no token. */
  public static String token(Path file, PrintStream err) {
    if (file == null) {
      return null;
    }
    try {
      String t = Files.readString(file, StandardCharsets.UTF_8).trim();
      return t.isEmpty() ? null : t;
    } catch (IOException e) {
      err.println("roll: cannot read report token " + file + ": " + e.getMessage());
      return null;
    }
  }

  /** The desired-state id of the last roll that did not fail, or null (a 304 roll reports it). */
  public static String lastDesired(Layout layout) {
    try {
      String d = Files.readString(layout.lib().resolve("report.desired"), StandardCharsets.UTF_8);
      return d.isBlank() ? null : d.trim();
    } catch (IOException e) {
      return null;
    }
  }

  /** The last report written on this host, or null. */
  public static Report readLast(Layout layout) {
    try {
      return Json.MAPPER.readValue(Files.readAllBytes(last(layout)), Report.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Sends what is pending, then {@code report}; whatever cannot go now waits for the next roll. */
  public void send(Report report) {
    try {
      Json.writeAtomically(last(layout), Json.write(report).getBytes(StandardCharsets.UTF_8));
      if (report.ok() && report.desired() != null) {
        Json.writeAtomically(
            layout.lib().resolve("report.desired"),
            report.desired().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // only `roll status` and the next unchanged roll's report lose what this one knew
    }
    List<String> queue = new ArrayList<>(readPending());
    queue.add(Json.MAPPER.valueToTree(report).toString());
    int sent = 0;
    String failure = null;
    for (String line : queue) {
      failure = post(line);
      if (failure != null) {
        break;
      }
      sent++;
    }
    List<String> left = queue.subList(sent, queue.size());
    if (failure != null) {
      err.println(
          "roll: report not sent ("
              + failure
              + "); "
              + Math.min(left.size(), MAX_PENDING)
              + " kept in "
              + pending(layout)
              + " for the next roll");
    }
    writePending(left.subList(Math.max(0, left.size() - MAX_PENDING), left.size()));
  }

  /** Null when the server took (or for good refused) the report, else why it must wait. */
  private String post(String json) {
    String host = hostOf(json);
    URI uri =
        io.roller.roll.fetch.Downloader.under(
            server, "host/" + URLEncoder.encode(host, StandardCharsets.UTF_8) + "/report");
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) uri.toURL().openConnection();
      c.setConnectTimeout((int) timeout.toMillis());
      c.setReadTimeout((int) timeout.toMillis());
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      c.setRequestProperty("Accept", "application/json");
      if (token != null) {
        c.setRequestProperty("Authorization", "Bearer " + token);
      }
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      c.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      int status = c.getResponseCode();
      drain(status < 400 ? c.getInputStream() : c.getErrorStream());
      if (status / 100 == 2) {
        return null;
      }
      if (status == 401 || status == 429 || status >= 500) {
        // a token being fixed, a busy server, S3 away: worth another try later
        return "POST " + uri + " answered " + status;
      }
      // The server will never take this one (malformed, unknown host): keeping it would block
      // every later report behind it.
      err.println("roll: server refused the report (" + status + "); dropped");
      return null;
    } catch (IOException e) {
      return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }

  private static String hostOf(String json) {
    try {
      return Json.MAPPER.readTree(json).path("hostname").asText("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void drain(InputStream in) throws IOException {
    if (in != null) {
      try (in) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    }
  }

  private List<String> readPending() {
    Path p = pending(layout);
    try {
      return Files.exists(p)
          ? Files.readAllLines(p, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.isBlank())
              .toList()
          : List.of();
    } catch (IOException e) {
      err.println("roll: cannot read " + p + ": " + e.getMessage());
      return List.of();
    }
  }

  private void writePending(List<String> lines) {
    Path p = pending(layout);
    try {
      if (lines.isEmpty()) {
        Files.deleteIfExists(p);
      } else {
        Json.writeAtomically(p, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      err.println("roll: cannot write " + p + ": " + e.getMessage());
    }
  }
}
