package io.roller.server.reports;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where fleet reports live when S3 is off ({@code --reports-dir}), the bearer token a report needs
 * ({@code --report-token-file}, null: none), and after how long without a report a host is stale.
 */
public record ReportOptions(Path reportsDir, Path tokenFile, Duration stale) {
  public ReportOptions {
    stale = stale == null ? Duration.ofHours(1) : stale;
  }

  /** Reports in {@code dir}, no token, stale after an hour. */
  public static ReportOptions local(Path dir) {
    return new ReportOptions(dir, null, null);
  }
}
