package io.roller.server.repo;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One file of {@code GET /diff}: its change type (ADD, MODIFY, DELETE, RENAME, COPY) and unified
 * patch.
 */
public record FileChange(
    String path, @JsonProperty("old_path") String oldPath, String change, String patch) {}
