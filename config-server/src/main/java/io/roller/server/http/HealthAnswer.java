package io.roller.server.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The wire form of {@code GET /healthz}. Each group of keys (a remote's fetches, the poller, the
 * package store's bucket) is there only when the server has that part, and then with its nulls; an
 * absent group is null here, and an unwrapped null writes nothing.
 */
@JsonPropertyOrder({
  "status",
  "revision",
  "branch",
  "committed",
  "hosts",
  "invalid_files",
  "remote",
  "poll",
  "s3",
  "now"
})
record HealthAnswer(
    String status,
    String revision,
    String branch,
    String committed,
    int hosts,
    @JsonProperty("invalid_files") int invalidFiles,
    @JsonUnwrapped Remote remote,
    @JsonUnwrapped Poll poll,
    @JsonUnwrapped S3 s3,
    String now) {

  /** A mirrored remote: the last good fetch, and the last error and failures since. */
  @JsonPropertyOrder({"last_fetch", "fetch_error", "fetch_failures"})
  record Remote(
      @JsonProperty("last_fetch") String lastFetch,
      @JsonProperty("fetch_error") String fetchError,
      @JsonProperty("fetch_failures") long fetchFailures) {}

  /** The poller: when it last finished a round, and how that round failed. */
  @JsonPropertyOrder({"last_poll", "poll_error"})
  record Poll(
      @JsonProperty("last_poll") String lastPoll, @JsonProperty("poll_error") String pollError) {}

  /** The package store's bucket: where, its error and failures (packages not held here wait). */
  @JsonPropertyOrder({"s3", "s3_error", "s3_failures"})
  record S3(
      String s3,
      @JsonProperty("s3_error") String s3Error,
      @JsonProperty("s3_failures") long s3Failures) {}
}
