package io.roller.server.views;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.SortedMap;

/** The wire form of {@code GET /colo/{name}}: the colo and its params in key order. */
@JsonPropertyOrder({"name", "params"})
public record ColoView(String name, SortedMap<String, Object> params) {}
