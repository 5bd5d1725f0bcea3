package io.roller.roll.install;

import io.roller.roll.plan.Pin;
import java.util.List;

/** /var/lib/roller/state.json: the committed generation and what it was rolled from. */
public record State(
    int generation,
    String hostname,
    String hostclass,
    String version,
    String revision,
    boolean failsafe,
    List<Pin> packages,
    String committedAt) {}
