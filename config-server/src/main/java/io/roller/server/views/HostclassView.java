package io.roller.server.views;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The wire form of {@code GET /hostclass/{name}}: its valid versions in version order and, only
 * when there are any, the files of versions that fail with why.
 */
@JsonPropertyOrder({"name", "versions", "invalid"})
public record HostclassView(
    String name,
    List<String> versions,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> invalid) {}
