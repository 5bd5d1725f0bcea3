package io.roller.server.repo;

import java.util.List;

/** One commit of {@code GET /log}: who changed what, when. */
public record LogEntry(
    String commit, String author, String email, String time, String message, List<String> files) {}
