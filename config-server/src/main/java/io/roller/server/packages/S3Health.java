package io.roller.server.packages;

import java.time.Instant;

/**
 * Whether this server can reach its S3 bucket: where it is, whether the last call or probe got
 * through, its error if not, when that was, and how many calls have failed since start.
 */
public record S3Health(String where, boolean up, String error, Instant checked, long failures) {}
