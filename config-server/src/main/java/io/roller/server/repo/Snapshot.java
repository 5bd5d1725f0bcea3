package io.roller.server.repo;

import io.roller.model.ConfigRepo;
import java.time.Instant;

/**
 * One commit of the config repo, parsed and cross-checked; immutable.
 *
 * @param revision the commit id (40 hex)
 * @param time when it was committed
 * @param config every file of the commit, parsed
 * @param files how many repo files the commit holds
 * @param parsed how many of them had to be parsed (the rest came from earlier commits by blob id)
 */
public record Snapshot(String revision, Instant time, ConfigRepo config, int files, int parsed) {
  /** The short form of the revision for log lines. */
  public String shortRevision() {
    return revision.substring(0, 12);
  }
}
